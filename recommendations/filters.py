"""The filters of the recommendations list (shared with its CSV and Excel exports) and of
the actions list.

Use as `RecommendationFilter(request.GET, queryset=scoped_recommendations(user), request=request)`:
the PDU and owner choices come from the request's user, so nobody can pick (or learn the
name of) a PDU or a person they may not see.

The worklist's filters (overdue, due within N days, not updated since, sent back, awaiting
verification, latest inspection) use the conditions in `queries`, as home's figures do.
"""

import re

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from inspections.access import visible_pdus
from inspections.models import PDU, Membership
from kirklees_tracker.choices import ModelChoiceFilter
from kirklees_tracker.dates import DateField
from kirklees_tracker.forms import DrawnOnce, choices_key

from .forms import PersonChoiceField
from .models import RAG, Action, ActionStatus, Recommendation, Status
from .queries import (
    awaiting_verification_condition,
    due_within_condition,
    not_updated_since_condition,
    on_latest_inspection,
    overdue_action_condition,
    overdue_condition,
    sent_back_condition,
    with_awaiting_since,
)

MAX_DAYS_AHEAD = 366

STANDARD_CODE = re.compile(r"^\s*([A-Za-z]{1,3})\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s*$")


def _pdus(request) -> QuerySet[PDU]:
    if request is None:
        return PDU.objects.none()
    return visible_pdus(request.user).select_related("region")


def _people(request):
    """The members of the PDUs the user may see: the people who may own work there."""
    if request is None:
        return get_user_model().objects.none()
    # A semi-join (EXISTS) rather than a join and DISTINCT: each person once, without
    # sorting and comparing every column of every membership row.
    member = Membership.objects.filter(user=OuterRef("pk"), pdu__in=visible_pdus(request.user))
    return (
        get_user_model()
        .objects.filter(Exists(member), is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _checkbox(label: str, method: str) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(label=label, method=method, widget=forms.CheckboxInput)


def _owner_filter() -> PersonFilter:
    return PersonFilter(
        label="Owner",
        field_name="owner_user",
        queryset=_people,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )


def _latest_filter() -> django_filters.BooleanFilter:
    return _checkbox("Only each PDU's latest inspection", "filter_latest")


class StandardCodeField(forms.CharField):
    """A standard's code as printed ("P 2.1"), forgiving spacing and case ("p2.1")."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        match = STANDARD_CODE.match(value)
        if not match:
            raise forms.ValidationError(
                "Enter a standard's code as the report prints it, like P 2.1",
                code="invalid",
            )
        return f"{match[1].upper()} {match[2]}"


class StandardCodeFilter(django_filters.CharFilter):
    field_class = StandardCodeField


class DayFilter(django_filters.DateFilter):
    """A day in GOV.UK's Day, Month and Year boxes, or as one ISO value in a link
    (`?not_updated_since=2025-03-31`)."""

    field_class = DateField


class DaysField(forms.IntegerField):
    """A number of days ahead, from 0 (today) to a year."""

    default_error_messages = {
        "invalid": f"Enter a whole number of days, from 0 to {MAX_DAYS_AHEAD}",
        "min_value": f"Enter a whole number of days, from 0 to {MAX_DAYS_AHEAD}",
        "max_value": f"Enter a whole number of days, from 0 to {MAX_DAYS_AHEAD}",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_DAYS_AHEAD)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        )
        super().__init__(**kwargs)


class DaysFilter(django_filters.NumberFilter):
    field_class = DaysField


# A filter form asked for with more than this many characters of filters is drawn every time,
# so that odd or hostile query strings do not fill the store of drawings.
DRAWN_FILTERS_LIMIT = 1000


class FilterForm(DrawnOnce, forms.Form):
    """A list's filter form, drawn once for its filters, the choices it offers and the day
    (so that no drawing outlives the day it was made on): the same few filters are asked
    for again and again, and drawing the form costs a quarter of a list page. Only its
    fields' values count (a date's boxes are `<name>-day` and so on): not the page number."""

    draws_bound = True

    def drawing_class(self):
        # django-filter makes the form's class afresh for every request, from its FilterSet.
        return (type(self).__name__, tuple(self.fields))

    def drawing_key(self) -> tuple | None:
        lists = self.data.lists() if hasattr(self.data, "lists") else self.data.items()
        data = tuple(
            sorted(
                (key, str(values)) for key, values in lists if key.partition("-")[0] in self.fields
            )
        )
        if sum(len(key) + len(values) for key, values in data) > DRAWN_FILTERS_LIMIT:
            return None
        return (data, choices_key(self), timezone.localdate())


class RecommendationFilter(django_filters.FilterSet):
    pdu = ModelChoiceFilter(
        label="PDU",
        field_name="inspection__pdu",
        queryset=_pdus,
        empty_label="All PDUs",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )
    rag = django_filters.ChoiceFilter(label="RAG", choices=RAG.choices, empty_label="Any RAG")
    owner = _owner_filter()
    mine = _checkbox("Only recommendations I own", "filter_mine")
    standard = StandardCodeFilter(
        label="Standard",
        method="filter_standard",
        max_length=20,
        help_text="For example, P 2.1",
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue recommendations",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    awaiting = _checkbox("Only those awaiting verification", "filter_awaiting")
    sent_back = _checkbox("Only those sent back by the regional lead", "filter_sent_back")
    not_updated_since = DayFilter(
        label="Not updated since",
        method="filter_not_updated_since",
        name="Not updated since date",
        help_text="No progress update on or after this day, for example 31 3 2025",
    )
    latest = _latest_filter()

    class Meta:
        model = Recommendation
        form = FilterForm
        fields = [
            "pdu",
            "status",
            "rag",
            "owner",
            "mine",
            "standard",
            "overdue",
            "awaiting",
            "sent_back",
            "not_updated_since",
            "latest",
        ]

    def filter_queryset(self, queryset):
        if self.form.cleaned_data.get("awaiting"):
            # Longest waiting first, as on home.
            queryset = with_awaiting_since(queryset).order_by("awaiting_since", "pk")
        return super().filter_queryset(queryset)

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(owner_user=self.request.user)

    def filter_awaiting(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(awaiting_verification_condition())

    def filter_sent_back(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(sent_back_condition())

    def filter_not_updated_since(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(not_updated_since_condition(value))

    def filter_latest(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(on_latest_inspection())

    def filter_standard(self, queryset, name, value):
        # A subquery rather than a join, so that a recommendation is never listed twice.
        addressed = Recommendation.standards.through.objects.filter(
            recommendation=OuterRef("pk"), standard__code=value
        )
        return queryset.filter(Exists(addressed))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_condition())


class ActionFilter(django_filters.FilterSet):
    """The actions list's filters: `ActionFilter(request.GET, queryset=scoped_actions(user),
    request=request)`."""

    pdu = ModelChoiceFilter(
        label="PDU",
        field_name="recommendation__inspection__pdu",
        queryset=_pdus,
        empty_label="All PDUs",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ActionStatus.choices, empty_label="Any status"
    )
    open = _checkbox("Only actions not yet complete", "filter_open")
    overdue = _checkbox("Only overdue actions", "filter_overdue")
    due_within = DaysFilter(
        label="Due within (days)",
        method="filter_due_within",
        help_text="Not complete, and due between today and this many days from now",
    )
    owner = _owner_filter()
    mine = _checkbox("Only actions I own", "filter_mine")
    latest = _latest_filter()

    class Meta:
        model = Action
        form = FilterForm
        fields = ["pdu", "status", "open", "overdue", "due_within", "owner", "mine", "latest"]

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(status=ActionStatus.COMPLETE)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_action_condition())

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(due_within_condition(value))

    def filter_mine(self, queryset, name, value):
        if not value or self.request is None:
            return queryset
        return queryset.filter(owner_user=self.request.user)

    def filter_latest(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(on_latest_inspection("recommendation__"))
