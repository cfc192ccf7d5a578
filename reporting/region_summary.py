"""A region at a glance: each PDU's latest inspection summed up, for the region's page."""

import datetime
from collections import defaultdict

from django.db.models import Count

from recommendations.models import Recommendation, Status
from recommendations.queries import overdue_actions, with_inspections

from .status_over_time import RAGS, STATUSES, rag_label, status_label


def pdu_summary(inspection, recommendations: list, overdue: int) -> dict:
    """One PDU's row: its recommendations counted by status and RAG, and those awaiting
    verification (marked Complete by the PDU)."""
    return {
        "inspection": inspection,
        "pdu": inspection.pdu,
        "recommendations": len(recommendations),
        "by_status": [
            (status_label(s), sum(r.status == s for r in recommendations)) for s in STATUSES
        ],
        "by_rag": [(rag_label(g), sum(r.rag == g for r in recommendations)) for g in RAGS],
        "overdue_actions": overdue,
        "awaiting": [r for r in recommendations if r.status == Status.COMPLETE],
    }


def region_summary(inspections: list, today: datetime.date) -> dict:
    """The region page's figures from its PDUs' latest inspections, in two queries."""
    recommendations = with_inspections(
        Recommendation.objects.filter(inspection__in=inspections).order_by("number"), inspections
    )
    overdue = dict(
        overdue_actions(today)
        .filter(recommendation__inspection__in=inspections)
        .values_list("recommendation__inspection")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_inspection = defaultdict(list)
    for recommendation in recommendations:
        by_inspection[recommendation.inspection_id].append(recommendation)
    pdus = [
        pdu_summary(inspection, by_inspection[inspection.pk], overdue.get(inspection.pk, 0))
        for inspection in inspections
    ]
    return {
        "pdus": pdus,
        "awaiting": [r for p in pdus for r in p["awaiting"]],
        "status_headings": [status_label(s) for s in STATUSES],
        "rag_headings": [rag_label(g) for g in RAGS],
    }
