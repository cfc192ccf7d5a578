"""Small GOV.UK-flavoured template helpers shared by every page."""

import datetime
import functools

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.translation import get_language

from inspections.models import Categorisation, Rating
from recommendations import labels
from recommendations.models import RAG, Status

register = template.Library()

RATING_COLOURS = {
    Rating.OUTSTANDING: "green",
    Rating.GOOD: "turquoise",
    Rating.REQUIRES_IMPROVEMENT: "yellow",
    Rating.INADEQUATE: "red",
}
STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "blue",
    Status.COMPLETE: "purple",
    Status.VERIFIED: "green",
}
RAG_COLOURS = {RAG.RED: "red", RAG.AMBER: "orange", RAG.GREEN: "green"}
JUDGEMENT_COLOURS = {
    Categorisation.SUFFICIENT: "green",
    Categorisation.SOME: "yellow",
    Categorisation.NONE: "red",
}


def _tag(choices, colours, value, empty: str):
    if not value:
        return format_html('<span class="app-no-value">{}</span>', empty)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colours[value], choices(value).label
    )


@register.simple_tag
def rating_tag(value: str):
    return _tag(Rating, RATING_COLOURS, value, labels.NOT_RATED)


@register.simple_tag
def status_tag(value: str):
    return _tag(Status, STATUS_COLOURS, value, "Not started")


@register.simple_tag
def rag_tag(value: str):
    return _tag(RAG, RAG_COLOURS, value, labels.NO_RAG)


@register.simple_tag
def judgement_tag(value: str):
    return _tag(Categorisation, JUDGEMENT_COLOURS, value, labels.NOT_JUDGED)


@register.filter
def elided_page_range(page):
    """The page numbers a GOV.UK pagination shows: the ends, the neighbours, ellipses between."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@functools.lru_cache(maxsize=4096)
def _day_as(day: datetime.date, format_string: str, language: str) -> str:
    return date(day, format_string)


@register.filter
def day_as(value, format_string: str):
    """Django's `date` filter for a day (a DateField's value), remembered per day, format and
    language: a list shows a few dates many times, and formatting one costs more than the
    rest of its cell. Anything but a plain date (a moment, None) goes to `date` as it is."""
    if type(value) is not datetime.date:
        return date(value, format_string)
    return _day_as(value, format_string, get_language())
