"""Cell values read as the tracker's values, each problem noted against its cell."""

import datetime

from inspections.models import Categorisation

from ..models import RAG, ActionStatus, Response, Status
from . import layout
from .read import Cell, Problem

INVALID = object()  # a cell that could not be read; its problem is already noted
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y")


def _lookup(choices) -> dict[str, str]:
    found = {}
    for value, label in choices:
        found[label.lower()] = value
        found[value.lower()] = value
    return found


RESPONSES = _lookup(Response.choices)
STATUSES = _lookup(Status.choices)
ACTION_STATUSES = _lookup(ActionStatus.choices)
RAGS = _lookup(RAG.choices)
JUDGEMENTS = _lookup(Categorisation.choices)
YES_NO = {"yes": True, "no": False, "y": True, "n": False}


def norm(text: str) -> str:
    """Text as compared: whitespace of any kind and amount counts as one space."""
    return " ".join(text.split())


class Reader:
    """Reads the cells of one sheet, noting a problem for each it cannot read."""

    def __init__(self, sheet: str, problems: list[Problem]):
        self.sheet = sheet
        self.problems = problems

    def problem(self, cell: Cell | str, message: str) -> None:
        ref = cell.ref if isinstance(cell, Cell) else cell
        self.problems.append(Problem(self.sheet, ref, message))

    def formulas(self, cells) -> bool:
        """Note every formula among `cells`; return whether there was one."""
        found = False
        for cell in cells:
            if cell.formula:
                self.problem(
                    cell,
                    "This cell holds a formula: type the value itself, so that what is saved "
                    "is what you see",
                )
                found = True
        return found

    def text(self, cell: Cell, label: str, limit: int = layout.TEXT_LIMIT):
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, datetime.datetime | datetime.date):
            value = f"{value:%d/%m/%Y}"
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > limit:
            self.problem(cell, f"{label} must be {limit:,} characters or fewer")
            return INVALID
        return text

    def choice(self, cell: Cell, lookup: dict, message: str):
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        found = lookup.get(norm(str(value)).lower()) if isinstance(value, str) else None
        if found is None:
            self.problem(cell, message)
            return INVALID
        return found

    def date(self, cell: Cell, label: str):
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        day = None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        elif isinstance(value, str):
            day = _parse_date(norm(value))
        if day is None:
            self.problem(cell, f"The {label} must be a real date, like 31/03/2025")
            return INVALID
        if not EARLIEST <= day <= LATEST:
            self.problem(cell, f"The {label} must be between {EARLIEST.year} and {LATEST.year}")
            return INVALID
        return day

    def number(self, cell: Cell):
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            return INVALID
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 6:
            return int(value.strip())
        return INVALID


def _parse_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def day_text(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "Not set"
