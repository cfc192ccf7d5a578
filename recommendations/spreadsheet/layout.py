"""The spreadsheet's shape, shared by the writer and the reader: sheets, columns and words."""

import re
from dataclasses import dataclass

from inspections.models import Categorisation

from ..models import RAG, ActionStatus, Response, Status

PLAN_SHEET = "Plan"
ACTIONS_SHEET = "Actions"
INSTRUCTIONS_SHEET = "Instructions"
TRACKER_SHEET = "Tracker"  # hidden: which plan this is, and its values as downloaded

FORMAT = "Inspection recommendations tracker action plan, version 1"
MAX_ROWS = 2000
NEW_ACTION_ROWS = 30
TEXT_LIMIT = 5000
OWNER_LIMIT = 200
DATE_FORMAT = "dd/mm/yyyy"

PLAN_ID = re.compile(r"R(\d{1,18})")
ACTION_ID = re.compile(r"A(\d{1,18})")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: int
    editable: bool = True
    hidden: bool = False
    wrap: bool = False


PLAN_COLUMNS = [
    Column("id", "Row ID (do not change)", 10, editable=False, hidden=True),
    Column("number", "Recommendation no.", 10, editable=False),
    Column("text", "Recommendation", 60, editable=False, wrap=True),
    Column("response", "HMPPS response", 16),
    Column("response_reason", "Reason for the response", 40, wrap=True),
    Column("owner", "Owner", 24),
    Column("target_date", "Target date", 14),
    Column("target_date_reason", "Reason for moving the target date", 36, wrap=True),
    Column("status", "Current status", 14, editable=False),
    Column("what_was_done", "New update: what was done", 40, wrap=True),
    Column("impact", "New update: what difference it made", 36, wrap=True),
    Column("new_status", "New update: status", 16),
    Column("rag", "New update: RAG rating", 14),
    Column("judgement", "New update: progress judgement", 20),
    Column("improvement", "New update: is improvement still required?", 16),
    Column("status_reason", "New update: reason for moving the status back", 36, wrap=True),
]
UPDATE_KEYS = (
    "what_was_done",
    "impact",
    "new_status",
    "rag",
    "judgement",
    "improvement",
    "status_reason",
)
ACTION_COLUMNS = [
    Column("id", "Row ID (do not change)", 10, editable=False, hidden=True),
    Column("number", "Recommendation no.", 12),
    Column("description", "Action", 60, wrap=True),
    Column("owner", "Owner", 24),
    Column("due_date", "Due date", 14),
    Column("due_date_reason", "Reason for moving the due date", 36, wrap=True),
    Column("status", "Status", 14),
]
COLUMNS = {PLAN_SHEET: PLAN_COLUMNS, ACTIONS_SHEET: ACTION_COLUMNS}

YES_NO = {"yes": True, "no": False}


def labels(choices) -> list[str]:
    return [label for _, label in choices]


RESPONSE_LABELS = labels(Response.choices)
STATUS_LABELS = labels(Status.choices)
ACTION_STATUS_LABELS = labels(ActionStatus.choices)
RAG_LABELS = labels(RAG.choices)
JUDGEMENT_LABELS = labels(Categorisation.choices)
YES_NO_LABELS = ["Yes", "No"]

# Text written on the hidden sheet, in the order the reader expects it.
TRACKER_KEYS = ("format", "inspection", "pdu", "download", "downloaded_at")
BASE_HEADINGS = ("Row ID", "Column", "Value when downloaded")


def column_letter(index: int) -> str:
    """A 0-based column index as the letters a spreadsheet shows (A, B, ... Z, AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_ref(columns: list[Column], key: str, row: int) -> str:
    index = next(i for i, column in enumerate(columns) if column.key == key)
    return f"{column_letter(index)}{row}"


def heading(columns: list[Column], key: str) -> str:
    return next(column.heading for column in columns if column.key == key)
