"""A recommendation's action plan: the HMPPS response, its owner, target date and standards.

`change_plan` is the one place these are written, by the page's form, the spreadsheet
upload and anything else: it checks the rules, records each change (who, when, from, to
and why) as a `PlanChange`, and saves under the row's lock. `plans_as_at` rebuilds the
plan as it stood on a past day from those changes alone.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspections.models import Membership, Standard

from .models import PlanChange, PlanField, Recommendation, Response, owner_name
from .rules import end_of_day

UNCHANGED = object()


class PlanRefused(Exception):
    """A change the plan's rules do not allow; `errors` maps a field to a message for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def pdu_people(pdu_id: int):
    """The users who may own a PDU's work: its members, in any role."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, pk__in=Membership.objects.filter(pdu_id=pdu_id).values("user_id")
        )
        .order_by("first_name", "last_name", "username")
    )


def is_pdu_member(user, pdu_id: int) -> bool:
    return Membership.objects.filter(user=user, pdu_id=pdu_id).exists()


OWNER_ROLE_LIMIT = 200  # the owner columns' length


def check_owner(owner_user, owner: str, pdu_id: int, field_name: str = "owner") -> None:
    if len(owner.strip()) > OWNER_ROLE_LIMIT:
        raise PlanRefused(
            {field_name: f"The owner's role must be {OWNER_ROLE_LIMIT} characters or fewer"}
        )
    if owner_user is not None and owner.strip():
        raise PlanRefused({field_name: "Choose a person or write a role, not both"})
    if owner_user is not None and not is_pdu_member(owner_user, pdu_id):
        raise PlanRefused({field_name: "The owner must be a member of this PDU"})


def standards_text(standards: Iterable[Standard]) -> str:
    return ", ".join(sorted(s.code for s in standards))


@dataclass
class Plan:
    """The plan's fields as `change_plan` takes them and as they read at one moment."""

    response: str = ""
    response_reason: str = ""
    owner: str = ""  # the owner's name, as shown
    target_date: datetime.date | None = None
    standards: str = ""

    @property
    def response_label(self) -> str:
        if not self.response:
            return "Not recorded"
        label = Response(self.response).label if self.response in Response.values else ""
        return f"{label}: {self.response_reason}" if self.response_reason else label


def change_plan(
    recommendation: Recommendation,
    *,
    by,
    response=UNCHANGED,
    response_reason=UNCHANGED,
    owner_user=UNCHANGED,
    owner=UNCHANGED,
    target_date=UNCHANGED,
    standards=UNCHANGED,
    reason: str = "",
) -> list[PlanChange]:
    """Change any of the plan's fields, recording each change; return the changes made.

    A reason is required unless the response is Agreed; a target date that moves (rather
    than being set for the first time) needs `reason`; a person who owns the work must be
    a member of the PDU; standards must be the inspection's own. Raises PlanRefused with
    nothing written. Changing nothing is not an error: it records nothing.
    """
    with transaction.atomic():
        locked = (
            # Lock the recommendation's row alone: PostgreSQL refuses FOR UPDATE on the
            # nullable side of the outer join to the owner.
            Recommendation.objects.select_for_update(of=("self",))
            .select_related("owner_user", "inspection")
            .get(pk=recommendation.pk)
        )
        before = {
            "response": locked.response,
            "response_reason": locked.response_reason,
            "owner_user": locked.owner_user,
            "owner": locked.owner,
            "target_date": locked.target_date,
        }
        after = dict(before)
        for name, value in [
            ("response", response),
            ("response_reason", response_reason),
            ("owner_user", owner_user),
            ("owner", owner),
            ("target_date", target_date),
        ]:
            if value is not UNCHANGED:
                after[name] = value.strip() if isinstance(value, str) else value
        if owner_user is not UNCHANGED and owner is UNCHANGED and after["owner_user"]:
            after["owner"] = ""
        if owner is not UNCHANGED and owner_user is UNCHANGED and after["owner"]:
            after["owner_user"] = None
        if after["response"] == Response.AGREED and response_reason is UNCHANGED:
            after["response_reason"] = ""
        old_standards = list(locked.standards.all())
        new_standards = old_standards if standards is UNCHANGED else list(standards)
        _check(locked, before, after, new_standards, reason)

        moment = timezone.now()
        changes = []

        def record(field_name: str, old: str, new: str, why: str = "") -> None:
            if old != new:
                changes.append(
                    PlanChange(
                        recommendation=locked,
                        field=field_name,
                        old_value=old,
                        new_value=new,
                        reason=why,
                        changed_by=by,
                        changed_at=moment,
                    )
                )

        record(PlanField.RESPONSE, before["response"], after["response"])
        record(PlanField.RESPONSE_REASON, before["response_reason"], after["response_reason"])
        record(
            PlanField.OWNER,
            owner_name(before["owner_user"], before["owner"]),
            owner_name(after["owner_user"], after["owner"]),
        )
        record(
            PlanField.TARGET_DATE,
            _iso(before["target_date"]),
            _iso(after["target_date"]),
            reason.strip() if before["target_date"] else "",
        )
        record(PlanField.STANDARDS, standards_text(old_standards), standards_text(new_standards))
        if not changes:
            return []
        for name, value in after.items():
            setattr(locked, name, value)
        locked._audited_write = True
        locked._history_user = by
        locked.save(
            update_fields=["response", "response_reason", "owner_user", "owner", "target_date"]
        )
        if standards is not UNCHANGED:
            locked.standards.set(new_standards)
        PlanChange.objects.bulk_create(changes)
    for name, value in after.items():
        setattr(recommendation, name, value)
    recommendation._audited_loaded = dict(locked._audited_loaded)
    return changes


def _check(locked, before, after, new_standards, reason: str) -> None:
    errors = {}
    if after["response"] and after["response"] not in Response.values:
        errors["response"] = "Select Agreed, Partly agreed or Not agreed"
    elif (
        after["response"] in (Response.PARTLY_AGREED, Response.NOT_AGREED)
        and not after["response_reason"]
    ):
        errors["response_reason"] = "Enter the reason the recommendation is not fully agreed"
    elif before["response"] and not after["response"]:
        errors["response"] = "Select Agreed, Partly agreed or Not agreed"
    try:
        check_owner(after["owner_user"], after["owner"], locked.inspection.pdu_id)
    except PlanRefused as refusal:
        errors.update(refusal.errors)
    moved = before["target_date"] is not None and after["target_date"] != before["target_date"]
    if moved and not reason.strip():
        errors["reason"] = "Enter the reason for moving the target date"
    if any(s.inspection_id != locked.inspection_id for s in new_standards):
        errors["standards"] = "Choose standards of this recommendation's own inspection"
    if errors:
        raise PlanRefused(errors)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def current_plan(recommendation: Recommendation, standards: Iterable[Standard]) -> Plan:
    return Plan(
        response=recommendation.response,
        response_reason=recommendation.response_reason,
        owner=recommendation.owner_name,
        target_date=recommendation.target_date,
        standards=standards_text(standards),
    )


def plans_as_at(recommendations: Sequence[Recommendation], as_at: datetime.date) -> dict[int, Plan]:
    """Each recommendation's plan as it stood at the end of `as_at`, in one query.

    A field changed after the day reads as it was before its first later change; a field
    never changed reads as it stands now (the recommendations need `owner_user` loaded).
    """
    moment = end_of_day(as_at)
    ids = [r.pk for r in recommendations]
    at: dict[int, dict[str, str]] = defaultdict(dict)
    later: dict[int, dict[str, str]] = defaultdict(dict)
    changes = (
        PlanChange.objects.filter(recommendation_id__in=ids)
        .order_by("changed_at", "pk")
        .values_list("recommendation_id", "field", "old_value", "new_value", "changed_at")
    )
    for rec_id, field_name, old, new, changed_at in changes:
        if changed_at <= moment:
            at[rec_id][field_name] = new
        else:
            later[rec_id].setdefault(field_name, old)
    plans = {}
    for rec in recommendations:
        now = {
            PlanField.RESPONSE: rec.response,
            PlanField.RESPONSE_REASON: rec.response_reason,
            PlanField.OWNER: rec.owner_name,
            PlanField.TARGET_DATE: _iso(rec.target_date),
        }
        values = {}
        for name, current in now.items():
            if name in at[rec.pk]:
                values[name] = at[rec.pk][name]
            else:
                values[name] = later[rec.pk].get(name, current)
        target = values[PlanField.TARGET_DATE]
        plans[rec.pk] = Plan(
            response=values[PlanField.RESPONSE],
            response_reason=values[PlanField.RESPONSE_REASON],
            owner=values[PlanField.OWNER],
            target_date=datetime.date.fromisoformat(target) if target else None,
        )
    return plans
