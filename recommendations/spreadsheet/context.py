"""What a review compares an uploaded plan with, and what it finds: changes, problems, calls."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from ..models import Action, Recommendation
from ..plan import pdu_people
from . import layout
from .cells import INVALID, Reader, norm
from .owners import AmbiguousOwner, Owners, identity
from .read import PlanFile, Problem, SheetRow

CONFLICT = (
    "This was changed in the tracker after the plan was downloaded (it is now “{now}”), and "
    "changed here too: download the plan again and make your change there"
)


@dataclass
class Change:
    sheet: str
    row: int
    title: str
    lines: list[str]


@dataclass
class Operation:
    """One call of a domain function, and the cells its refusals belong to."""

    sheet: str
    run: Callable[[], object]
    cells: dict[str, str]  # the domain's error key -> cell reference
    default_cell: str


@dataclass
class Review:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.problems and bool(self.operations)


class ReviewContext:
    """What a review compares the file with, fetched in a fixed number of queries."""

    def __init__(self, plan_file: PlanFile, inspection, by, may_verify: bool, today):
        self.plan_file, self.by, self.may_verify = plan_file, by, may_verify
        self.today = today or timezone.localdate()
        self.recommendations = {
            r.pk: r
            for r in Recommendation.objects.filter(inspection=inspection).select_related(
                "owner_user", "inspection"
            )
        }
        self.by_number = {r.number: r for r in self.recommendations.values()}
        self.actions = {
            a.pk: a
            for a in Action.objects.filter(recommendation__inspection=inspection).select_related(
                "owner_user", "recommendation__inspection"
            )
        }
        current = [r.owner_user for r in self.recommendations.values() if r.owner_user]
        current += [a.owner_user for a in self.actions.values() if a.owner_user]
        self.owners = Owners(pdu_people(inspection.pdu_id), current)
        self.review = Review(problems=list(plan_file.problems))
        self.seen: dict[str, int] = {}

    def edited(self, reader: Reader, cell, row_id: str, key: str, mine: str, now: str, shown):
        """Whether the manager changed this value, noting a conflict with a later change."""
        base = self.plan_file.base.get((row_id, key), now)
        if norm(mine) == norm(base) or norm(mine) == norm(now):
            return False
        if norm(now) != norm(base):
            reader.problem(cell, CONFLICT.format(now=shown))
            return False
        return True

    def owner(self, reader: Reader, cell, row_id: str, user, role: str):
        """(changed, person, role) for an owner cell; None if it cannot be read."""
        text = reader.text(cell, "The owner", layout.OWNER_LIMIT)
        if text is INVALID:
            return None
        try:
            person, written_role = self.owners.resolve(text)
        except AmbiguousOwner as ambiguous:
            reader.problem(cell, str(ambiguous))
            return None
        now = self.owners.written(user, role) or "Not set"
        mine_id, now_id = identity(person, written_role), identity(user, role)
        if not self.edited(reader, cell, row_id, "owner", mine_id, now_id, now):
            return False, user, role
        if person is not None and not self.owners.is_member(person):
            reader.problem(
                cell,
                f"{text} is not a member of this PDU: choose one of the people listed on the "
                "Instructions sheet, or write a role",
            )
            return None
        return True, person, written_role

    def check_row_id(self, reader: Reader, row: SheetRow, pattern, known: dict, what: str):
        """The row's recommendation or action, or None (with a problem noted)."""
        cell = row["id"]
        row_id = str(cell.value or "").strip()
        match = pattern.fullmatch(row_id)
        if match is None:
            reader.problem(
                cell,
                f"This row is not one of the plan's {what}s: its Row ID is missing or has been "
                "changed. Take the row out, or copy it from a newly downloaded plan",
            )
            return None
        if row_id in self.seen:
            reader.problem(
                cell,
                f"This row repeats row {self.seen[row_id]}, the same {what}: keep only one of them",
            )
            return None
        self.seen[row_id] = row.number
        found = known.get(int(match[1]))
        if found is None:
            model = Recommendation if what == "recommendation" else Action
            elsewhere = model.objects.filter(pk=int(match[1])).exists()
            reader.problem(
                cell,
                f"This row is a {what} of another PDU's or another inspection's plan: take it out"
                if elsewhere
                else f"This row is not a {what} the tracker knows: take it out",
            )
        return found


def iso(day: datetime.date | None) -> str:
    return day.isoformat() if isinstance(day, datetime.date) else ""
