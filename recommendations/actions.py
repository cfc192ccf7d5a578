"""Changes to a recommendation's actions, each in one transaction.

A due date never moves without a record of the move: the action's row is locked while
the move is written, so that two people moving it at once are serialised and both moves
are kept, each starting from the date the other left.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Action, DueDateChange, Recommendation


def add_action(
    recommendation: Recommendation, *, description: str, owner: str, due_date: datetime.date, by
) -> Action:
    return Action.objects.create(
        recommendation=recommendation,
        description=description,
        owner=owner,
        due_date=due_date,
        created_by=by,
    )


def move_due_date(action: Action, *, new_due_date: datetime.date, reason: str, by) -> DueDateChange:
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        change = DueDateChange.objects.create(
            action=locked,
            old_due_date=locked.due_date,
            new_due_date=new_due_date,
            reason=reason,
            changed_by=by,
            changed_at=timezone.now(),
        )
        locked.due_date = new_due_date
        locked.save(update_fields=["due_date"])
    action.due_date = new_due_date
    return change


def set_action_status(action: Action, status: str) -> None:
    action.status = status
    action.save(update_fields=["status"])
