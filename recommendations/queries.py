"""The recommendations a user may see, and the questions pages and exports ask of them."""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from inspections.access import access_for

from .models import Action, ActionStatus, Recommendation, Status


def scoped_recommendations(user) -> QuerySet[Recommendation]:
    """Every recommendation of the PDUs `user` may read, and nothing else."""
    return Recommendation.objects.filter(access_for(user).pdu_filter("inspection__pdu__"))


def overdue_actions(today: datetime.date | None = None) -> QuerySet[Action]:
    """Actions past their due date and not complete."""
    today = today or timezone.localdate()
    return Action.objects.filter(due_date__lt=today).exclude(status=ActionStatus.COMPLETE)


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
