"""Domain rules for recommendations: the status workflow and positions "as at" a date.

Plain functions over plain values, tested without HTTP. `record_update` is the one
place a progress update is written, so the workflow and the copy of the current
position on the recommendation cannot drift apart.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Evidence, ProgressUpdate, Recommendation, Status, UpdateKind

FORWARD = {
    Status.NOT_STARTED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.COMPLETE,
    Status.COMPLETE: Status.VERIFIED,
}
ORDER = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETE, Status.VERIFIED]


class TransitionRefused(Exception):
    """A status change the workflow does not allow; the message says why, for the user."""


def is_reopening(current: str, new: str) -> bool:
    return ORDER.index(Status(new)) < ORDER.index(Status(current))


def check_transition(current: str, new: str, *, may_verify: bool, reason: str = "") -> None:
    """Refuse, with a reason a user can act on, any status change the workflow forbids.

    Not started -> In progress -> Complete -> Verified, one step at a time; only someone
    who may verify (a regional lead) marks Verified; stepping back is allowed, and
    recorded, with a reason. Staying at the same status is an ordinary update.
    """
    current, new = Status(current), Status(new)
    if new == current:
        return
    if is_reopening(current, new):
        if not reason.strip():
            raise TransitionRefused(
                f"Give a reason for moving this recommendation back from {current.label} "
                f"to {new.label}."
            )
        return
    if new == Status.VERIFIED and not may_verify:
        raise TransitionRefused("Only a regional lead can mark a recommendation as Verified.")
    if FORWARD[current] != new:
        raise TransitionRefused(
            f"A recommendation that is {current.label} can move on to "
            f"{FORWARD[current].label}, not straight to {new.label}."
        )


def allowed_statuses(current: str, *, may_verify: bool) -> list[str]:
    """The statuses a user could choose next (stepping back needs a reason too)."""
    return [status for status in ORDER if _allowed(current, status, may_verify=may_verify)]


def _allowed(current: str, new: str, *, may_verify: bool) -> bool:
    try:
        check_transition(current, new, may_verify=may_verify, reason="a reason")
    except TransitionRefused:
        return False
    return True


@dataclass(frozen=True)
class Position:
    status: str = Status.NOT_STARTED
    rag: str = ""
    judgement: str = ""
    improvement_still_required: bool | None = None
    updated_at: datetime.datetime | None = None


NO_UPDATES = Position()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the service's time zone."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day) - datetime.timedelta(microseconds=1)


def position_as_at(updates: Iterable[ProgressUpdate], moment: datetime.datetime) -> Position:
    """The position the latest update made at or before `moment` left, from the updates alone.

    Updates may come in any order; ties on time are broken by the order of saving.
    """
    latest = None
    for update in updates:
        if update.created_at > moment:
            continue
        if latest is None or (update.created_at, update.pk) > (latest.created_at, latest.pk):
            latest = update
    if latest is None:
        return NO_UPDATES
    return Position(
        status=latest.status,
        rag=latest.rag,
        judgement=latest.judgement,
        improvement_still_required=latest.improvement_still_required,
        updated_at=latest.created_at,
    )


def record_update(
    recommendation: Recommendation,
    *,
    author,
    may_verify: bool,
    what_was_done: str,
    status: str,
    impact: str = "",
    rag: str = "",
    judgement: str = "",
    improvement_still_required: bool | None = None,
    reason: str = "",
    evidence: Iterable[dict] = (),
    kind: str = UpdateKind.UPDATE,
) -> ProgressUpdate:
    """Append a progress update and make its position the recommendation's current one.

    The recommendation's row is locked for the length of the transaction, so that
    concurrent updates queue up: each is checked against the position the previous
    one committed, gets a later time, and none is lost. Raises TransitionRefused with
    nothing written.
    """
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_transition(locked.status, status, may_verify=may_verify, reason=reason)
        update = ProgressUpdate.objects.create(
            recommendation=locked,
            author=author,
            created_at=timezone.now(),
            what_was_done=what_was_done,
            impact=impact,
            status=status,
            rag=rag,
            judgement=judgement,
            improvement_still_required=improvement_still_required,
            reason=reason,
            kind=kind,
        )
        for item in evidence:
            Evidence.objects.create(update=update, uploaded_by=author, **item)
        Recommendation.objects.filter(pk=locked.pk).update(
            status=status,
            rag=rag,
            judgement=judgement,
            improvement_still_required=improvement_still_required,
            position_updated_at=update.created_at,
        )
    for field in ("status", "rag", "judgement", "improvement_still_required"):
        setattr(recommendation, field, getattr(update, field))
    recommendation.position_updated_at = update.created_at
    return update
