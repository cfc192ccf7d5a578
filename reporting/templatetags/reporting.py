"""Template helpers for the reporting partials."""

from django import template
from django.urls import reverse

from inspections.models import Inspection, Region

register = template.Library()


@register.filter
def export_base(obj) -> str:
    """The URL an export's ".csv", ".xlsx" or ".pdf" is added to: for an inspection, a region,
    or "recommendations" (the list's export, which takes the list's filters)."""
    if obj == "recommendations":
        url = reverse("recommendation-list-export", args=["csv"])
    elif isinstance(obj, Inspection):
        url = reverse("inspection-export", args=[obj.pk, "csv"])
    elif isinstance(obj, Region):
        url = reverse("region-export", args=[obj.pk, "csv"])
    else:
        return ""
    return url.removesuffix(".csv")
