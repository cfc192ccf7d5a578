"""How long something has waited, in the words home and the lists use."""

import datetime

from django import template

from recommendations.worklist import days_since

register = template.Library()


@register.filter
def waiting(moment: datetime.datetime | None) -> str:
    """ "waiting 3 days", from the moment the wait began."""
    days = days_since(moment)
    if days == 0:
        return "waiting since today"
    return f"waiting {days} day{'s' if days != 1 else ''}"
