"""One inspection's action plan written as an .xlsx workbook a manager edits and uploads again.

Cells that a user could change are unlocked; the sheets are protected (without a password:
the protection is there to stop slips, not people), and the rows' identifiers sit in a hidden,
locked first column. A hidden sheet names the inspection and the PDU, so that another plan is
recognised on upload, and holds each value as it was downloaded, so that the upload changes
only what the manager edited and never quietly undoes a colleague's later change.
"""

import datetime
import io
import uuid

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import Action, Recommendation
from ..plan import pdu_people
from . import layout
from .layout import ACTIONS_SHEET, PLAN_SHEET, TRACKER_SHEET, Column
from .owners import Owners, identity

FORMULA_STARTS = ("=", "+", "-", "@")
ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
BOLD = Font(bold=True)
LARGE = Font(bold=True, size=14)


def clean_text(value: str) -> str:
    """Text without the control characters an .xlsx file cannot hold."""
    return value.translate(ILLEGAL)


def put(sheet, row: int, column: int, value, *, editable=False, wrap=False, date=False):
    """Write a value that a spreadsheet shows and never evaluates."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            # A string cell holds text: Excel and LibreOffice never evaluate it, and the
            # quote prefix keeps it text when someone edits the cell.
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if date:
        cell.number_format = layout.DATE_FORMAT
    cell.protection = UNLOCKED if editable else LOCKED
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    return cell


def plan_workbook(inspection, *, by, may_verify: bool) -> bytes:
    """The plan of `inspection` (its recommendations and their actions) as .xlsx bytes."""
    recommendations = list(
        Recommendation.objects.filter(inspection=inspection)
        .select_related("owner_user")
        .order_by("number")
    )
    actions = list(
        Action.objects.filter(recommendation__inspection=inspection)
        .select_related("owner_user", "recommendation")
        .order_by("recommendation__number", "due_date", "pk")
    )
    members = list(pdu_people(inspection.pdu_id))
    owners = Owners(
        members,
        [r.owner_user for r in recommendations if r.owner_user]
        + [a.owner_user for a in actions if a.owner_user],
    )
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = layout.INSTRUCTIONS_SHEET
    people_range = _write_instructions(instructions, inspection, by, owners, members, may_verify)
    plan = workbook.create_sheet(PLAN_SHEET)
    base = _write_plan(plan, recommendations, owners)
    action_sheet = workbook.create_sheet(ACTIONS_SHEET)
    base += _write_actions(action_sheet, actions, owners)
    _validate_plan(plan, len(recommendations), people_range, may_verify)
    _validate_actions(action_sheet, len(actions) + layout.NEW_ACTION_ROWS, people_range)
    _write_tracker(workbook.create_sheet(TRACKER_SHEET), inspection, base)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _headings(sheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, 1, index, column.heading, wrap=True)
        cell.font = BOLD
        dimension = sheet.column_dimensions[layout.column_letter(index - 1)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = "C2"
    # Protected against slips, not people: no password, and columns may still be resized.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_row(sheet, row: int, columns: list[Column], values: dict) -> None:
    for index, column in enumerate(columns, start=1):
        value = values.get(column.key)
        put(
            sheet,
            row,
            index,
            value,
            editable=column.editable,
            wrap=column.wrap,
            date=isinstance(value, datetime.date) or column.key.endswith("_date"),
        )


def _write_plan(sheet, recommendations, owners: Owners) -> list[tuple[str, str, str]]:
    _headings(sheet, layout.PLAN_COLUMNS)
    base = []
    for row, rec in enumerate(recommendations, start=2):
        row_id = f"R{rec.pk}"
        _write_row(
            sheet,
            row,
            layout.PLAN_COLUMNS,
            {
                "id": row_id,
                "number": rec.number,
                "text": rec.text,
                "response": rec.get_response_display() if rec.response else None,
                "response_reason": rec.response_reason or None,
                "owner": owners.written(rec.owner_user, rec.owner) or None,
                "target_date": rec.target_date,
                "status": rec.get_status_display(),
            },
        )
        base += [
            (row_id, "response", rec.response),
            (row_id, "response_reason", rec.response_reason),
            (row_id, "owner", identity(rec.owner_user, rec.owner)),
            (row_id, "target_date", _iso(rec.target_date)),
        ]
    return base


def _write_actions(sheet, actions, owners: Owners) -> list[tuple[str, str, str]]:
    _headings(sheet, layout.ACTION_COLUMNS)
    base = []
    for row, action in enumerate(actions, start=2):
        row_id = f"A{action.pk}"
        _write_row(
            sheet,
            row,
            layout.ACTION_COLUMNS,
            {
                "id": row_id,
                "number": action.recommendation.number,
                "description": action.description,
                "owner": owners.written(action.owner_user, action.owner),
                "due_date": action.due_date,
                "status": action.get_status_display(),
            },
        )
        base += [
            (row_id, "number", str(action.recommendation.number)),
            (row_id, "description", action.description),
            (row_id, "owner", identity(action.owner_user, action.owner)),
            (row_id, "due_date", _iso(action.due_date)),
            (row_id, "status", action.status),
        ]
    first_new = len(actions) + 2
    for row in range(first_new, first_new + layout.NEW_ACTION_ROWS):
        _write_row(sheet, row, layout.ACTION_COLUMNS, {})
    return base


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _choice(options: list[str], message: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Choose from the list",
        error=message,
    )


def _dates(message: str) -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2099,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a date",
        error=message,
    )


def _people(people_range: str | None) -> DataValidation | None:
    if not people_range:
        return None
    # A list to pick from that still takes any other text: a role, for someone without an account.
    return DataValidation(type="list", formula1=people_range, allow_blank=True)


def _apply(sheet, validation: DataValidation | None, columns, key: str, last_row: int) -> None:
    if validation is None or last_row < 2:
        return
    sheet.add_data_validation(validation)
    column = layout.cell_ref(columns, key, 2)[:-1]
    validation.add(f"{column}2:{column}{last_row}")


def _validate_plan(sheet, count: int, people_range: str | None, may_verify: bool) -> None:
    columns, last = layout.PLAN_COLUMNS, count + 1
    statuses = layout.STATUS_LABELS if may_verify else layout.STATUS_LABELS[:-1]
    _apply(sheet, _choice(layout.RESPONSE_LABELS, "Choose a response"), columns, "response", last)
    _apply(sheet, _people(people_range), columns, "owner", last)
    _apply(sheet, _dates("Enter the target date, like 31/03/2025"), columns, "target_date", last)
    _apply(sheet, _choice(statuses, "Choose a status"), columns, "new_status", last)
    _apply(sheet, _choice(layout.RAG_LABELS, "Choose Red, Amber or Green"), columns, "rag", last)
    _apply(
        sheet, _choice(layout.JUDGEMENT_LABELS, "Choose a judgement"), columns, "judgement", last
    )
    _apply(sheet, _choice(layout.YES_NO_LABELS, "Choose Yes or No"), columns, "improvement", last)


def _validate_actions(sheet, count: int, people_range: str | None) -> None:
    columns, last = layout.ACTION_COLUMNS, count + 1
    _apply(sheet, _people(people_range), columns, "owner", last)
    _apply(sheet, _dates("Enter the due date, like 31/03/2025"), columns, "due_date", last)
    _apply(sheet, _choice(layout.ACTION_STATUS_LABELS, "Choose a status"), columns, "status", last)


INSTRUCTIONS = [
    "How to use this spreadsheet",
    "1. On the Plan sheet, change the HMPPS response (and its reason), the owner or the target "
    "date of any recommendation. Moving a target date needs a reason.",
    "2. To log progress, fill in the New update columns of a recommendation: what was done, "
    "the status, the RAG rating, the progress judgement and whether improvement is still "
    "required. One update per recommendation each time you upload.",
    "3. On the Actions sheet, change an action, its owner or its status, or move its due date "
    "(with the reason). Add new actions in the empty rows at the bottom, with the "
    "recommendation's number. Deleting a row does not delete an action.",
    "4. An owner is one of the people listed below, written as shown, or a role (for example "
    "Senior Probation Officer) for someone without an account.",
    "5. Type values, not formulas. Do not change the headings, or the sheets' names.",
    "6. Save the file as an Excel workbook (.xlsx), without a password, and upload it on the "
    "inspection's page. You will see every change before anything is saved.",
]


def _write_instructions(sheet, inspection, by, owners, members, may_verify) -> str | None:
    sheet.column_dimensions["A"].width = 100
    title = f"{inspection.pdu.name} PDU action plan: inspection of {inspection.published:%B %Y}"
    put(sheet, 1, 1, title).font = LARGE
    moment = timezone.localtime()
    put(sheet, 2, 1, f"Downloaded on {moment:%-d %B %Y at %H:%M} by {owners.written(by, '')}")
    for row, line in enumerate(INSTRUCTIONS, start=4):
        put(sheet, row, 1, line, wrap=True).font = BOLD if row == 4 else Font()
    row = 4 + len(INSTRUCTIONS) + 1
    choices = [
        ("HMPPS responses", layout.RESPONSE_LABELS),
        ("Statuses", layout.STATUS_LABELS if may_verify else layout.STATUS_LABELS[:-1]),
        ("RAG ratings", layout.RAG_LABELS),
        ("Progress judgements", layout.JUDGEMENT_LABELS),
        ("Action statuses", layout.ACTION_STATUS_LABELS),
    ]
    for name, options in choices:
        put(sheet, row, 1, f"{name}: {', '.join(options)}", wrap=True)
        row += 1
    row += 1
    put(sheet, row, 1, f"People in {inspection.pdu.name} PDU").font = BOLD
    first = row + 1
    for offset, user in enumerate(members):
        put(sheet, first + offset, 1, owners.name_for(user))
    sheet.protection.sheet = True
    if not members:
        put(sheet, first, 1, "Nobody yet: write owners as roles.")
        return None
    return f"{layout.INSTRUCTIONS_SHEET}!$A${first}:$A${first + len(members) - 1}"


def _write_tracker(sheet, inspection, base: list[tuple[str, str, str]]) -> None:
    values = {
        "format": layout.FORMAT,
        "inspection": str(inspection.pk),
        "pdu": str(inspection.pdu_id),
        "download": uuid.uuid4().hex,
        "downloaded_at": timezone.now().isoformat(),
    }
    for row, key in enumerate(layout.TRACKER_KEYS, start=1):
        put(sheet, row, 1, key)
        put(sheet, row, 2, values[key])
    first = len(layout.TRACKER_KEYS) + 2
    for index, text in enumerate(layout.BASE_HEADINGS, start=1):
        put(sheet, first, index, text)
    for row, triple in enumerate(base, start=first + 1):
        for index, value in enumerate(triple, start=1):
            put(sheet, row, index, value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
