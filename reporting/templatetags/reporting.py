"""Template helpers for the reporting partials."""

from django import template
from django.urls import reverse

from inspections.models import Inspection, Region
from reporting.forms import LAYOUTS
from reporting.indicators import format_value

register = template.Library()


@register.simple_tag
def export_layouts() -> list[tuple[str, str]]:
    """The layouts an export can take, as (value, label): the export form's choices."""
    return LAYOUTS


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


@register.filter
def baseline(indicator) -> str:
    """An indicator's baseline in its unit, as the indicators table shows it: "25%",
    "134% of WMT capacity", "23 of 40 (57.5%)"."""
    return format_value(
        indicator.unit,
        indicator.baseline_value,
        indicator.baseline_cases,
        indicator.baseline_total,
    )
