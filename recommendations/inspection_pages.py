"""What the home page and the inspection page show, gathered in plain functions.

The home page: the user's PDUs, each with its latest inspection's recommendations counted
by status, and a regional lead's worklist. The inspection page: the inspection with its
standards and key questions grouped by domain, its recommendations, and the reviews that
stand beside what the PDU last said itself.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from inspections.access import Access, visible_pdus
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


def with_counts(inspections):
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


def pdu_rows(user) -> list[PDURow]:
    """The user's PDUs, by region and name, each with its latest inspection (counted) or None."""
    pdus = list(
        visible_pdus(user)
        .select_related("region")
        .annotate(latest_inspection_id=latest_inspection_id("pk"))
        .order_by("region__name", "name")
    )
    latest_ids = [pdu.latest_inspection_id for pdu in pdus if pdu.latest_inspection_id]
    inspections = (
        {
            inspection.pk: inspection
            for inspection in with_counts(
                Inspection.objects.filter(pk__in=latest_ids).select_related("framework")
            )
        }
        if latest_ids
        else {}
    )
    return [PDURow(pdu, inspections.get(pdu.latest_inspection_id)) for pdu in pdus]


def regional_worklist(user, rows: list[PDURow]) -> dict:
    """What awaits a regional lead: verifications, overdue actions and quiet PDUs."""
    awaiting, waiting = worklist.awaiting_verification(user)
    overdue = sum(row.inspection.overdue_actions for row in rows if row.inspection)
    return {
        "regional_figures": [
            awaiting,
            worklist.Figure("Overdue actions", overdue, worklist.actions_url(overdue="on")),
        ],
        "waiting": waiting,
        "quiet_pdus": worklist.quiet_pdus(user),
        "quiet_days": worklist.QUIET_DAYS,
    }


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


def domain_groups(inspection: Inspection) -> list[DomainGroup]:
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


def inspection_page(access: Access):
    """The inspections `access` may read, with all the inspection page shows, prefetched."""
    return (
        Inspection.objects.filter(access.pdu_filter("pdu__"))
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


def review_judgements(inspection: Inspection, reviews) -> dict:
    """This inspection's review of the tracked previous recommendations, and a later
    inspection's review of this one's: each beside what the PDU last said itself."""
    return {
        "judgements": [judgements_beside(r) for r in reviews if r.reviews_recommendation],
        "reviewed_later": [
            judgements_beside(review, recommendation)
            for recommendation in inspection.recommendations.all()
            for review in recommendation.reviewed_later.all()
        ],
    }
