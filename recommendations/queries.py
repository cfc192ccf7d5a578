"""The recommendations a user may see, and the questions pages and exports ask of them."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.lookups import Exact
from django.utils import timezone

from inspections.access import access_for
from inspections.models import Inspection

from .models import Action, ActionStatus, ProgressUpdate, Recommendation, Status, UpdateKind


def with_inspections(recommendations, inspections) -> list[Recommendation]:
    """`recommendations` (any iterable, evaluated once), each given its inspection from
    `inspections`, so that reading `recommendation.inspection` costs no query."""
    by_pk = {inspection.pk: inspection for inspection in inspections}
    found = list(recommendations)
    for recommendation in found:
        recommendation.inspection = by_pk[recommendation.inspection_id]
    return found


def scoped_recommendations(user) -> QuerySet[Recommendation]:
    """Every recommendation of the PDUs `user` may read, and nothing else."""
    return Recommendation.objects.filter(access_for(user).pdu_filter("inspection__pdu__"))


def overdue_action_condition(today: datetime.date | None = None) -> Q:
    """An action past its due date and not complete."""
    today = today or timezone.localdate()
    return Q(due_date__lt=today) & ~Q(status=ActionStatus.COMPLETE)


def overdue_actions(today: datetime.date | None = None) -> QuerySet[Action]:
    """Actions past their due date and not complete."""
    return Action.objects.filter(overdue_action_condition(today))


def overdue_condition(today: datetime.date | None = None) -> Q:
    """A recommendation is overdue when one of its actions is, or its own target date has
    passed without it being Complete or Verified."""
    today = today or timezone.localdate()
    has_overdue_action = Exists(overdue_actions(today).filter(recommendation=OuterRef("pk")))
    missed_target = Q(target_date__lt=today) & ~Q(status__in=[Status.COMPLETE, Status.VERIFIED])
    return Q(has_overdue_action) | missed_target


def with_overdue_flag(
    queryset: QuerySet[Recommendation], today: datetime.date | None = None
) -> QuerySet[Recommendation]:
    """Annotate `is_overdue` in the same query, so that a list shows it without one per row."""
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_condition(today), output_field=BooleanField())
    )


# The worklist's questions. Each is written once, here, and used both for the figure on
# home and for the list filter it links to, so that the two cannot disagree.


def latest_inspection_id(pdu_ref: str = "pk") -> Subquery:
    """The latest imported inspection of the PDU that `pdu_ref` (an OuterRef path) names."""
    return Subquery(
        Inspection.objects.filter(pdu=OuterRef(pdu_ref), report_imported=True)
        .order_by("-published", "-pk")
        .values("pk")[:1]
    )


def on_latest_inspection(prefix: str = "") -> Q:
    """A recommendation (or, with prefix "recommendation__", an action) of its PDU's latest
    imported inspection: the only one home counts."""
    return Q(**{f"{prefix}inspection_id": latest_inspection_id(f"{prefix}inspection__pdu")})


def scoped_actions(user) -> QuerySet[Action]:
    """Every action of the PDUs `user` may read, and nothing else."""
    return Action.objects.filter(access_for(user).pdu_filter("recommendation__inspection__pdu__"))


def due_within_condition(days: int, today: datetime.date | None = None) -> Q:
    """An action not complete and due between today and `days` days from now, both included."""
    today = today or timezone.localdate()
    return Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)) & ~Q(
        status=ActionStatus.COMPLETE
    )


def not_updated_since_condition(day: datetime.date) -> Q:
    """A recommendation with no progress update on or after `day`.

    One never updated counts only if its inspection was published before `day`: a report
    published last week has not yet had the time to be late.
    """
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return Q(position_updated_at__lt=start) | Q(
        position_updated_at__isnull=True, inspection__published__lt=day
    )


def _latest_update(field: str) -> Subquery:
    return Subquery(
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


def sent_back_condition() -> Q:
    """A recommendation whose latest update is a regional lead's send-back."""
    return Q(Exact(_latest_update("kind"), UpdateKind.SENT_BACK))


def awaiting_verification_condition() -> Q:
    return Q(status=Status.COMPLETE)


def with_awaiting_since(queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Annotate `awaiting_since`: when the PDU said it was Complete, for this run of Complete.

    That is the first update after the latest one whose status is not Complete (or the
    first update of all, if every one was Complete), so that a second "Complete" logged
    while waiting does not restart the clock. Only meaningful on Complete recommendations.
    """
    updates = ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
    last_other = updates.exclude(status=Status.COMPLETE).order_by("-created_at", "-pk")
    first_after = updates.filter(
        Q(created_at__gt=OuterRef("_last_other_at"))
        | Q(created_at=OuterRef("_last_other_at"), pk__gt=OuterRef("_last_other_pk"))
    ).order_by("created_at", "pk")
    first_of_all = updates.order_by("created_at", "pk")
    return queryset.annotate(
        _last_other_at=Subquery(last_other.values("created_at")[:1]),
        _last_other_pk=Subquery(last_other.values("pk")[:1]),
    ).annotate(
        awaiting_since=Case(
            When(
                _last_other_at__isnull=True,
                then=Subquery(first_of_all.values("created_at")[:1]),
            ),
            default=Subquery(first_after.values("created_at")[:1]),
            output_field=DateTimeField(),
        )
    )
