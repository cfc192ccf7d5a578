"""What an uploaded plan would change, and every problem, against the data as it stands now.

A cell counts as edited only where it differs from the value the plan was downloaded with
(kept on the hidden sheet): a value the manager left alone never undoes a change a colleague
made in the tracker since. Where both changed the same thing differently, that is a problem
for the manager to settle, not a silent overwrite.

`review_plan` writes nothing: it checks each change with the rules the domain functions
apply, and records the call of the domain function that will make it (`apply.apply_plan`).
"""

from inspections.models import Categorisation

from ..models import RAG, Response, Status
from ..plan import change_plan
from ..rules import TransitionRefused, check_transition, is_reopening, record_update
from . import layout
from .cells import INVALID, JUDGEMENTS, RAGS, RESPONSES, STATUSES, YES_NO, Reader, day_text
from .context import Change, Operation, Review, ReviewContext, iso
from .layout import ACTIONS_SHEET, PLAN_SHEET
from .read import PlanFile, SheetRow
from .review_actions import review_action, review_new_action


def review_plan(plan_file: PlanFile, inspection, *, by, may_verify: bool, today=None) -> Review:
    """Every change the file would make, and every problem with it; writes nothing."""
    context = ReviewContext(plan_file, inspection, by, may_verify, today)
    plan_reader = Reader(PLAN_SHEET, context.review.problems)
    for row in plan_file.rows.get(PLAN_SHEET, []):
        if not row.is_blank and not plan_reader.formulas(row.cells.values()):
            _review_recommendation(context, plan_reader, row)
    action_reader = Reader(ACTIONS_SHEET, context.review.problems)
    for row in plan_file.rows.get(ACTIONS_SHEET, []):
        if not row.is_blank and not action_reader.formulas(row.cells.values()):
            if str(row["id"].value or "").strip():
                review_action(context, action_reader, row)
            else:
                review_new_action(context, action_reader, row)
    return context.review


def _review_recommendation(context: ReviewContext, reader: Reader, row: SheetRow) -> None:
    rec = context.check_row_id(
        reader, row, layout.PLAN_ID, context.recommendations, "recommendation"
    )
    if rec is None:
        return
    row_id, changes, lines = f"R{rec.pk}", {}, []
    response = reader.choice(
        row["response"], RESPONSES, "Choose Agreed, Partly agreed or Not agreed"
    )
    shown = rec.get_response_display() or "Not set"
    if response is not INVALID and context.edited(
        reader, row["response"], row_id, "response", response, rec.response, shown
    ):
        if not response:
            reader.problem(row["response"], "Choose Agreed, Partly agreed or Not agreed")
        changes["response"] = response
        lines.append(f"HMPPS response: {shown} → {Response(response).label if response else ''}")
    reason = reader.text(row["response_reason"], "The reason for the response")
    if reason is not INVALID and context.edited(
        reader, row["response_reason"], row_id, "response_reason", reason,
        rec.response_reason, rec.response_reason or "Not set",
    ):  # fmt: skip
        changes["response_reason"] = reason
        lines.append(f"Reason for the response: {reason or 'Not set'}")
    after_response = changes.get("response", rec.response)
    after_reason = changes.get("response_reason", rec.response_reason)
    if after_response in (Response.PARTLY_AGREED, Response.NOT_AGREED) and not after_reason:
        reader.problem(
            row["response_reason"], "Enter the reason the recommendation is not fully agreed"
        )
    owner = context.owner(reader, row["owner"], row_id, rec.owner_user, rec.owner)
    if owner and owner[0]:
        changes["owner_user"], changes["owner"] = owner[1], owner[2]
        was = context.owners.written(rec.owner_user, rec.owner) or "Not set"
        lines.append(f"Owner: {was} → {context.owners.written(owner[1], owner[2]) or 'Not set'}")
    target = reader.date(row["target_date"], "target date")
    if target is not INVALID and context.edited(
        reader, row["target_date"], row_id, "target_date", iso(target), iso(rec.target_date),
        day_text(rec.target_date),
    ):  # fmt: skip
        why = reader.text(row["target_date_reason"], "The reason for moving the target date")
        if rec.target_date and not why:
            reader.problem(row["target_date_reason"], "Enter the reason for moving the target date")
        changes["target_date"], changes["reason"] = target, why or ""
        because = f" (reason: {why})" if rec.target_date and why and why is not INVALID else ""
        lines.append(f"Target date: {day_text(rec.target_date)} → {day_text(target)}{because}")
    if changes:
        cells = {k: row[k].ref for k in ("response", "response_reason", "owner", "target_date")}
        cells["reason"] = row["target_date_reason"].ref
        context.review.operations.append(
            Operation(
                PLAN_SHEET,
                lambda: change_plan(rec, by=context.by, **changes),
                cells,
                row["response"].ref,
            )
        )
    update_lines = _review_update(context, reader, row, rec)
    if lines or update_lines:
        title = f"Recommendation {rec.number}"
        context.review.changes.append(Change(PLAN_SHEET, row.number, title, lines + update_lines))


def _review_update(context: ReviewContext, reader: Reader, row: SheetRow, rec) -> list[str]:
    cells = {key: row[key] for key in layout.UPDATE_KEYS}
    if all(cell.value is None or not str(cell.value).strip() for cell in cells.values()):
        return []
    done = reader.text(cells["what_was_done"], "What was done")
    impact = reader.text(cells["impact"], "What difference it made")
    status = reader.choice(cells["new_status"], STATUSES, "Choose the status after this update")
    rag = reader.choice(cells["rag"], RAGS, "Choose Red, Amber or Green")
    judgement = reader.choice(
        cells["judgement"], JUDGEMENTS, "Choose Sufficient progress, Some progress or No progress"
    )
    improvement = reader.choice(cells["improvement"], YES_NO, "Choose Yes or No")
    why = reader.text(cells["status_reason"], "The reason for moving the status back")
    for key, value, message in [
        ("what_was_done", done, "Enter what was done, or clear this row's New update cells"),
        ("new_status", status, "Choose the status after this update"),
        ("rag", rag, "Choose the RAG rating"),
        ("judgement", judgement, "Choose the progress judgement"),
        ("improvement", improvement, "Choose whether improvement is still required"),
    ]:
        if value == "":
            reader.problem(cells[key], message)
    values = (done, impact, status, rag, judgement, improvement, why)
    if any(
        value is INVALID or value == "" for value in (done, status, rag, judgement, improvement)
    ):
        return []
    if INVALID in values:
        return []
    try:
        check_transition(rec.status, status, may_verify=context.may_verify, reason=why)
    except TransitionRefused as refusal:
        key = "status_reason" if is_reopening(rec.status, status) else "new_status"
        reader.problem(cells[key], str(refusal))
        return []
    fields = {
        "what_was_done": done,
        "impact": impact,
        "status": status,
        "rag": rag,
        "judgement": judgement,
        "improvement_still_required": improvement,
        "reason": why,
    }
    context.review.operations.append(
        Operation(
            PLAN_SHEET,
            lambda: record_update(rec, author=context.by, may_verify=context.may_verify, **fields),
            {"status": cells["new_status"].ref},
            cells["new_status"].ref,
        )
    )
    position = f"{Status(status).label}, {RAG(rag).label}, {Categorisation(judgement).label}"
    return [
        f"New update: {Status(rec.status).label} → {position}, improvement still required: "
        f"{'Yes' if improvement else 'No'}",
        f"What was done: {done}",
    ]
