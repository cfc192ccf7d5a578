"""Home's worklist: what needs doing, counted in a fixed number of queries.

Each figure carries the link to the list of exactly the items it counts. Both use the
conditions in `queries` and the same scope (the user's PDUs, each PDU's latest imported
inspection only), so the figure and the length of the list cannot disagree.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from inspections.access import visible_pdus
from inspections.models import PDU
from kirklees_tracker.paths import path_to

from .models import ActionStatus, Recommendation
from .queries import (
    awaiting_verification_condition,
    due_within_condition,
    latest_inspection_id,
    not_updated_since_condition,
    on_latest_inspection,
    overdue_action_condition,
    scoped_actions,
    scoped_recommendations,
    sent_back_condition,
    with_awaiting_since,
)

DUE_SOON_DAYS = 14
QUIET_DAYS = 28
AWAITING_SHOWN = 20


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Waiting:
    recommendation: Recommendation
    days: int


@dataclass(frozen=True)
class QuietPDU:
    pdu: PDU
    recommendations: int
    url: str


def _url(name: str, **params) -> str:
    return f"{path_to(name)}?{urlencode({**params, 'latest': 'on'})}"


def actions_url(**params) -> str:
    return _url("action-list", **params)


def recommendations_url(**params) -> str:
    return _url("recommendation-list", **params)


def quiet_since(today: datetime.date) -> datetime.date:
    """The day from which a recommendation without an update counts as quiet."""
    return today - datetime.timedelta(days=QUIET_DAYS)


def days_since(moment: datetime.datetime | None, today: datetime.date | None = None) -> int:
    """Whole days from `moment` to `today`, counted by the local calendar."""
    if moment is None:
        return 0
    return ((today or timezone.localdate()) - timezone.localdate(moment)).days


def pdu_figures(user, today: datetime.date | None = None) -> list[Figure]:
    """A manager's worklist across their PDUs: two queries whatever the data."""
    today = today or timezone.localdate()
    since = quiet_since(today)
    actions = scoped_actions(user).filter(on_latest_inspection("recommendation__"))
    action_counts = actions.aggregate(
        overdue=Count("pk", filter=overdue_action_condition(today)),
        due_soon=Count("pk", filter=due_within_condition(DUE_SOON_DAYS, today)),
        mine=Count("pk", filter=Q(owner_user=user) & ~Q(status=ActionStatus.COMPLETE)),
    )
    recommendations = scoped_recommendations(user).filter(on_latest_inspection())
    recommendation_counts = recommendations.aggregate(
        quiet=Count("pk", filter=not_updated_since_condition(since)),
        sent_back=Count("pk", filter=sent_back_condition()),
    )
    return [
        Figure("Overdue actions", action_counts["overdue"], actions_url(overdue="on")),
        Figure(
            f"Actions due in the next {DUE_SOON_DAYS} days",
            action_counts["due_soon"],
            actions_url(due_within=DUE_SOON_DAYS),
        ),
        Figure("My actions", action_counts["mine"], actions_url(mine="on", open="on")),
        Figure(
            f"Recommendations with no update for {QUIET_DAYS} days",
            recommendation_counts["quiet"],
            recommendations_url(not_updated_since=since.isoformat()),
        ),
        Figure(
            "Recommendations sent back by the regional lead",
            recommendation_counts["sent_back"],
            recommendations_url(sent_back="on"),
        ),
    ]


def awaiting_verification(
    user, today: datetime.date | None = None, shown: int = AWAITING_SHOWN
) -> tuple[Figure, list[Waiting]]:
    """What awaits a regional lead's verification, longest waiting first: two queries."""
    today = today or timezone.localdate()
    awaiting = scoped_recommendations(user).filter(
        on_latest_inspection(), awaiting_verification_condition()
    )
    total = awaiting.count()
    longest = (
        with_awaiting_since(awaiting)
        .select_related("inspection__pdu")
        .order_by("awaiting_since", "pk")[:shown]
    )
    waiting = [Waiting(r, days_since(r.awaiting_since, today)) for r in longest]
    figure = Figure("Awaiting verification", total, recommendations_url(awaiting="on"))
    return figure, waiting


def quiet_pdus(user, today: datetime.date | None = None) -> list[QuietPDU]:
    """The PDUs whose latest inspection's recommendations have all had no update for
    `QUIET_DAYS` days (and there is at least one): one query."""
    today = today or timezone.localdate()
    since = quiet_since(today)
    of_latest = Recommendation.objects.filter(inspection_id=OuterRef("latest_inspection_id"))
    quiet = (
        of_latest.filter(not_updated_since_condition(since))
        .order_by()
        .values("inspection")
        .annotate(total=Count("pk"))
        .values("total")
    )
    pdus = (
        visible_pdus(user)
        .annotate(latest_inspection_id=latest_inspection_id("pk"))
        .annotate(
            quiet=Subquery(quiet, output_field=IntegerField()),
            updated=Exists(of_latest.exclude(not_updated_since_condition(since))),
        )
        .filter(quiet__gt=0, updated=False)
        .order_by("name")
    )
    return [
        QuietPDU(
            pdu, pdu.quiet, recommendations_url(pdu=pdu.pk, not_updated_since=since.isoformat())
        )
        for pdu in pdus
    ]
