"""The Actions sheet reviewed: edits, moves and status changes of actions, and new actions."""

from .. import actions as action_rules
from ..models import ActionStatus
from . import layout
from .cells import ACTION_STATUSES, INVALID, Reader, day_text
from .context import Change, Operation, ReviewContext, iso
from .layout import ACTIONS_SHEET
from .owners import AmbiguousOwner
from .read import SheetRow


def review_action(context: ReviewContext, reader: Reader, row: SheetRow) -> None:
    action = context.check_row_id(reader, row, layout.ACTION_ID, context.actions, "action")
    if action is None:
        return
    row_id, lines, operations = f"A{action.pk}", [], []
    cells = {k: row[k].ref for k in ("description", "owner", "status")}
    cells.update({"new_due_date": row["due_date"].ref, "due_date": row["due_date"].ref})
    cells["reason"] = row["due_date_reason"].ref
    number = reader.number(row["number"])
    now_number = str(action.recommendation.number)
    mine_number = "" if number is None else ("?" if number is INVALID else str(number))
    if context.edited(reader, row["number"], row_id, "number", mine_number, now_number, now_number):
        reader.problem(
            row["number"],
            "An action cannot move to another recommendation: add it as a new action there, "
            "and mark this one Complete",
        )
    description = reader.text(row["description"], "The action")
    owner = context.owner(reader, row["owner"], row_id, action.owner_user, action.owner)
    new_description = action.description
    if description is not INVALID and context.edited(
        reader, row["description"], row_id, "description", description, action.description,
        action.description,
    ):  # fmt: skip
        if not description:
            reader.problem(row["description"], "Enter the action")
        new_description = description
        lines.append(f"Action: {description}")
    if owner and owner[0]:
        if owner[1] is None and not owner[2]:
            reader.problem(row["owner"], "Enter the owner, or write their role")
        was = context.owners.written(action.owner_user, action.owner)
        lines.append(f"Owner: {was} → {context.owners.written(owner[1], owner[2])}")
    if new_description != action.description or (owner and owner[0]):
        person, role = (owner[1], owner[2]) if owner else (action.owner_user, action.owner)
        operations.append(
            lambda: action_rules.edit_action(
                action, description=new_description, by=context.by, owner=role, owner_user=person
            )
        )
    due = reader.date(row["due_date"], "due date")
    if due is not INVALID and context.edited(
        reader, row["due_date"], row_id, "due_date", iso(due), iso(action.due_date),
        day_text(action.due_date),
    ):  # fmt: skip
        why = reader.text(row["due_date_reason"], "The reason for moving the due date")
        if due is None:
            reader.problem(row["due_date"], "Enter the due date")
        elif not why:
            reader.problem(row["due_date_reason"], "Enter the reason for moving the due date")
        elif why is not INVALID:
            operations.append(
                lambda: action_rules.move_due_date(
                    action, new_due_date=due, reason=why, by=context.by
                )
            )
        lines.append(
            f"Due date: {day_text(action.due_date)} → {day_text(due)}"
            + (f" (reason: {why})" if why and why is not INVALID else "")
        )
    status = reader.choice(
        row["status"], ACTION_STATUSES, "Choose Not started, In progress or Complete"
    )
    if status is not INVALID and context.edited(
        reader, row["status"], row_id, "status", status, action.status,
        action.get_status_display(),
    ):  # fmt: skip
        if not status:
            reader.problem(row["status"], "Choose the action's status")
        else:
            operations.append(lambda: action_rules.set_action_status(action, status, by=context.by))
            was = action.get_status_display()
            lines.append(f"Status: {was} → {ActionStatus(status).label}")
    for run in operations:
        context.review.operations.append(Operation(ACTIONS_SHEET, run, cells, row["id"].ref))
    if lines:
        title = f"Action for recommendation {action.recommendation.number}: {action.description}"
        context.review.changes.append(Change(ACTIONS_SHEET, row.number, title[:200], lines))


def review_new_action(context: ReviewContext, reader: Reader, row: SheetRow) -> None:
    number = reader.number(row["number"])
    rec = context.by_number.get(number) if isinstance(number, int) else None
    if rec is None:
        last = max(context.by_number, default=0)
        reader.problem(
            row["number"],
            f"Enter the number of the recommendation this new action is for, from 1 to {last}",
        )
    description = reader.text(row["description"], "The action")
    if description == "":
        reader.problem(row["description"], "Enter the action")
    owner_text = reader.text(row["owner"], "The owner", layout.OWNER_LIMIT)
    person, role = None, ""
    if owner_text == "":
        reader.problem(row["owner"], "Enter the owner, or write their role")
    elif owner_text is not INVALID:
        try:
            person, role = context.owners.resolve(owner_text)
        except AmbiguousOwner as ambiguous:
            reader.problem(row["owner"], str(ambiguous))
        if person is not None and not context.owners.is_member(person):
            reader.problem(row["owner"], f"{owner_text} is not a member of this PDU")
    due = reader.date(row["due_date"], "due date")
    if due is None:
        reader.problem(row["due_date"], "Enter the due date")
    elif due is not INVALID and due < context.today:
        reader.problem(row["due_date"], "The due date must be today or in the future")
    status = reader.choice(
        row["status"], ACTION_STATUSES, "Choose Not started, In progress or Complete"
    )
    if rec is None or not description or INVALID in (description, owner_text, due, status):
        return
    if due is None or not owner_text:
        return

    def add():
        made = action_rules.add_action(
            rec, description=description, due_date=due, by=context.by, owner=role,
            owner_user=person,
        )  # fmt: skip
        if status and status != ActionStatus.NOT_STARTED:
            action_rules.set_action_status(made, status, by=context.by)

    cells = {"description": row["description"].ref, "owner": row["owner"].ref}
    cells.update({"due_date": row["due_date"].ref, "status": row["status"].ref})
    context.review.operations.append(Operation(ACTIONS_SHEET, add, cells, row["number"].ref))
    lines = [
        f"Action: {description}",
        f"Owner: {context.owners.written(person, role)}",
        f"Due date: {day_text(due)}",
        f"Status: {ActionStatus(status).label if status else 'Not started'}",
    ]
    title = f"New action for recommendation {rec.number}"
    context.review.changes.append(Change(ACTIONS_SHEET, row.number, title, lines))
