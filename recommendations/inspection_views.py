"""The home page and the inspection page: what the inspectorate found, and where each
recommendation stands.

They live here, not in `inspections`, because both show the PDU's work on the
recommendations, and `inspections` imports nothing above it."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from inspections.access import access_for, visible_pdus
from inspections.models import (
    PDU,
    Domain,
    Inspection,
    KeyQuestion,
    PreviousRecommendationReview,
    Standard,
)
from inspections.rules import key_question_bands, rating_in_bands

from . import worklist
from .loop import judgements_beside, with_judgement_before_fieldwork
from .models import Recommendation, Status
from .queries import latest_inspection_id, overdue_actions, with_overdue_flag


def _with_counts(inspections):
    """Counts of recommendations by status, and of overdue actions, in the same query."""
    counts = {
        f"count_{status}": Count("recommendations", filter=Q(recommendations__status=status))
        for status in Status.values
    }
    overdue = (
        overdue_actions()
        .filter(recommendation__inspection=OuterRef("pk"))
        .order_by()
        .values("recommendation__inspection")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return inspections.annotate(
        **counts,
        overdue_actions=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
    )


@dataclass(frozen=True)
class StatusCount:
    label: str
    count: int
    url: str


@dataclass
class PDURow:
    pdu: PDU
    inspection: Inspection | None

    @property
    def status_counts(self) -> list[StatusCount]:
        """The latest inspection's recommendations by status, each linking to that list."""
        return [
            StatusCount(
                label,
                getattr(self.inspection, f"count_{value}"),
                worklist.recommendations_url(pdu=self.pdu.pk, status=value),
            )
            for value, label in Status.choices
        ]

    @property
    def overdue_url(self) -> str:
        return worklist.actions_url(pdu=self.pdu.pk, overdue="on")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's PDUs with their latest inspections, and their worklist: for a manager
    (of a PDU) what their PDUs must do; for a regional lead, what awaits them."""
    pdus = list(
        visible_pdus(request.user)
        .select_related("region")
        .annotate(latest_inspection_id=latest_inspection_id("pk"))
        .order_by("region__name", "name")
    )
    latest_ids = [pdu.latest_inspection_id for pdu in pdus if pdu.latest_inspection_id]
    inspections = (
        {
            inspection.pk: inspection
            for inspection in _with_counts(
                Inspection.objects.filter(pk__in=latest_ids).select_related("framework")
            )
        }
        if latest_ids
        else {}
    )
    rows = [PDURow(pdu, inspections.get(pdu.latest_inspection_id)) for pdu in pdus]
    access = access_for(request.user)
    regions = {row.pdu.region for row in rows if access.can_read_region(row.pdu.region)}
    context = {
        "rows": rows,
        "regions": sorted(regions, key=lambda region: region.name),
        "statuses": Status.choices,
        "regional": access.is_regional,
        "figures": worklist.pdu_figures(request.user) if access.reads_pdus else [],
    }
    if access.is_regional:
        awaiting, waiting = worklist.awaiting_verification(request.user)
        overdue = sum(row.inspection.overdue_actions for row in rows if row.inspection)
        context |= {
            "regional_figures": [
                awaiting,
                worklist.Figure("Overdue actions", overdue, worklist.actions_url(overdue="on")),
            ],
            "waiting": waiting,
            "quiet_pdus": worklist.quiet_pdus(request.user),
            "quiet_days": worklist.QUIET_DAYS,
        }
    return render(request, "inspections/home.html", context)


@dataclass
class KeyQuestionRow:
    question: KeyQuestion
    band: str | None


@dataclass
class StandardRow:
    standard: Standard
    key_questions: list[KeyQuestionRow]


@dataclass
class DomainGroup:
    number: int
    name: str
    standards: list[StandardRow]


def _domains(inspection: Inspection) -> list[DomainGroup]:
    bands = key_question_bands(inspection.framework) if inspection.framework else []
    groups: dict[int, DomainGroup] = {}
    for standard in inspection.standards.all():
        if standard.domain not in groups:
            name = Domain(standard.domain).label if standard.domain in Domain.values else ""
            groups[standard.domain] = DomainGroup(standard.domain, name, [])
        groups[standard.domain].standards.append(
            StandardRow(
                standard,
                [
                    KeyQuestionRow(kq, rating_in_bands(kq.percent_yes, bands) if bands else None)
                    for kq in standard.key_questions.all()
                ],
            )
        )
    return [groups[number] for number in sorted(groups)]


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = (
        Inspection.objects.filter(access_for(request.user).pdu_filter("pdu__"))
        .select_related("pdu__region", "framework", "previous_inspection")
        .prefetch_related(
            Prefetch(
                "standards",
                queryset=Standard.objects.order_by("order", "code").prefetch_related(
                    "key_questions"
                ),
            ),
            "framework__key_question_bands",
            Prefetch(
                "recommendations",
                queryset=with_overdue_flag(
                    Recommendation.objects.select_related("owner_user").order_by("number")
                ),
            ),
            Prefetch(
                "recommendations__reviewed_later",
                queryset=with_judgement_before_fieldwork(
                    PreviousRecommendationReview.objects.select_related("inspection")
                ),
            ),
            Prefetch(
                "previous_recommendation_reviews",
                queryset=with_judgement_before_fieldwork(
                    PreviousRecommendationReview.objects.select_related("reviews_recommendation")
                ),
            ),
        )
    )
    inspection = get_object_or_404(queryset, pk=pk)
    domains = _domains(inspection)
    reviews = inspection.previous_recommendation_reviews.all()
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "can_read_region": access_for(request.user).can_read_region(inspection.pdu.region),
            "can_manage": access_for(request.user).can_manage(inspection.pdu),
            "domains": domains,
            "has_key_questions": any(row.key_questions for d in domains for row in d.standards),
            "recommendations": inspection.recommendations.all(),
            "reviews": reviews,
            # This inspection's review of the tracked previous recommendations, and a later
            # inspection's review of this one's: each beside what the PDU last said itself.
            "judgements": [judgements_beside(r) for r in reviews if r.reviews_recommendation],
            "reviewed_later": [
                judgements_beside(review, recommendation)
                for recommendation in inspection.recommendations.all()
                for review in recommendation.reviewed_later.all()
            ],
        },
    )
