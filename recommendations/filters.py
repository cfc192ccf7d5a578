"""The recommendations list's filters, shared with its CSV and Excel exports.

Use as `RecommendationFilter(request.GET, queryset=scoped_recommendations(user), request=request)`:
the PDU choices come from the request's user, so nobody can pick (or learn the name of) a
PDU they may not see.
"""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from inspections.access import visible_pdus
from inspections.models import PDU

from .models import RAG, Recommendation, Status
from .queries import overdue_condition

STANDARD_CODE = re.compile(r"^\s*([A-Za-z]{1,3})\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s*$")


def _pdus(request) -> QuerySet[PDU]:
    if request is None:
        return PDU.objects.none()
    return visible_pdus(request.user).select_related("region")


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


class RecommendationFilter(django_filters.FilterSet):
    pdu = django_filters.ModelChoiceFilter(
        label="PDU",
        field_name="inspection__pdu",
        queryset=_pdus,
        empty_label="All PDUs",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )
    rag = django_filters.ChoiceFilter(label="RAG", choices=RAG.choices, empty_label="Any RAG")
    owner = django_filters.CharFilter(
        label="Owner", lookup_expr="icontains", max_length=200, help_text="Part of a name or role"
    )
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

    class Meta:
        model = Recommendation
        fields = ["pdu", "status", "rag", "owner", "standard", "overdue"]

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
