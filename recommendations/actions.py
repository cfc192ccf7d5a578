"""Changes to a recommendation's actions, each in one transaction.

These are the only writers of an action: every change is recorded with who made it
(the action's audit history, `Action.history`), and a due date never moves without a
`DueDateChange` that says from, to and why. The action's row is locked while a move is
written, so that two people moving it at once are serialised and both moves are kept,
each starting from the date the other left.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Action, ActionStatus, DueDateChange, Recommendation
from .plan import PlanRefused, check_owner


class ActionRefused(PlanRefused):
    """A change to an action the rules do not allow; `errors` maps a field to a message."""


def _check_owner(recommendation: Recommendation, owner_user, owner: str) -> None:
    if owner_user is None and not owner.strip():
        raise ActionRefused({"owner": "Choose the owner, or write their role"})
    try:
        check_owner(owner_user, owner, recommendation.inspection.pdu_id)
    except PlanRefused as refusal:
        raise ActionRefused(refusal.errors) from refusal


def add_action(
    recommendation: Recommendation,
    *,
    description: str,
    due_date: datetime.date,
    by,
    owner: str = "",
    owner_user=None,
    today: datetime.date | None = None,
) -> Action:
    """A new action; its due date may not already have passed."""
    if due_date < (today or timezone.localdate()):
        raise ActionRefused({"due_date": "The due date must be today or in the future"})
    _check_owner(recommendation, owner_user, owner)
    action = Action(
        recommendation=recommendation,
        description=description.strip(),
        owner_user=owner_user,
        owner="" if owner_user else owner.strip(),
        due_date=due_date,
        created_by=by,
        created_at=timezone.now(),
    )
    action._history_user = by
    action.save()
    return action


def edit_action(action: Action, *, description: str, by, owner: str = "", owner_user=None) -> bool:
    """Change what the action is and who owns it; return whether anything changed."""
    _check_owner(action.recommendation, owner_user, owner)
    owner = "" if owner_user else owner.strip()
    description = description.strip()
    if (action.description, action.owner_user_id, action.owner) == (
        description,
        owner_user.pk if owner_user else None,
        owner,
    ):
        return False
    action.description, action.owner_user, action.owner = description, owner_user, owner
    action._history_user = by
    action.save(update_fields=["description", "owner_user", "owner"])
    return True


def move_due_date(action: Action, *, new_due_date: datetime.date, reason: str, by) -> DueDateChange:
    if not reason.strip():
        raise ActionRefused({"reason": "Enter the reason for the change"})
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if new_due_date == locked.due_date:
            raise ActionRefused(
                {"new_due_date": "The new due date must differ from the current one"}
            )
        change = DueDateChange.objects.create(
            action=locked,
            old_due_date=locked.due_date,
            new_due_date=new_due_date,
            reason=reason.strip(),
            changed_by=by,
            changed_at=timezone.now(),
        )
        locked.due_date = new_due_date
        locked._audited_write = True
        locked._history_user = by
        locked.save(update_fields=["due_date"])
    action.due_date = new_due_date
    action._audited_loaded = {"due_date": new_due_date}
    return change


def set_action_status(action: Action, status: str, *, by) -> bool:
    """Move the action to `status`; return whether it changed."""
    if status not in ActionStatus.values:
        raise ActionRefused({"status": "Select one of the action statuses"})
    if action.status == status:
        return False
    action.status = status
    action._history_user = by
    action.save(update_fields=["status"])
    return True
