"""What every template may need from the domain's vocabulary."""

from . import labels


def vocabulary(request) -> dict:
    """`YES_NO` for Django's `yesno`: `{{ answer|yesno:YES_NO }}` reads Yes, No or Not said."""
    return {"YES_NO": labels.YES_NO}
