"""The service's own furniture in base.html: where feedback goes."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def feedback_url() -> str:
    """The phase banner's feedback link (settings.FEEDBACK_URL: a form's address or a mailto:)."""
    return settings.FEEDBACK_URL
