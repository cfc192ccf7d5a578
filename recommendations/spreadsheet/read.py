"""An uploaded action plan, checked and read into plain values, without touching the database.

The checks run from the cheapest up, each before anything that could be hurt by what it
guards against: the size of the upload; its first bytes (an OLE2 file is an old .xls or a
password-protected workbook, both of which Excel writes that way); the zip directory's own
sizes, before anything is decompressed (Python's zipfile never inflates a member beyond the
size its directory states, so the sizes bound the work); only then openpyxl, in read-only
mode so that rows are streamed, and stopped as soon as a sheet has more rows than a plan could.
Formulas are read as formulas (`data_only=False`), so that they can be reported, not trusted.
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook

from . import layout
from .layout import ACTIONS_SHEET, PLAN_SHEET, TRACKER_SHEET

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 500
MAX_TRACKER_ROWS = 12 * layout.MAX_ROWS + 20
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

NOT_XLSX = "The selected file must be an Excel workbook (.xlsx)"
NOT_A_PLAN = (
    "The selected file is not an action plan downloaded from the tracker: download the plan, "
    "make your changes in it and upload that"
)


class FileRefused(Exception):
    """A file that cannot be read as a plan at all; the message says why, for the user."""


@dataclass(frozen=True)
class Cell:
    ref: str
    value: object
    formula: bool = False


@dataclass
class SheetRow:
    number: int
    cells: dict[str, Cell]

    def __getitem__(self, key: str) -> Cell:
        return self.cells[key]

    @property
    def is_blank(self) -> bool:
        return all(_blank(cell.value) for cell in self.cells.values())


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str  # "D5", or "" for the sheet as a whole
    message: str


@dataclass
class PlanFile:
    inspection_id: int
    pdu_id: int
    download: str
    base: dict[tuple[str, str], str]
    rows: dict[str, list[SheetRow]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_bytes(data: bytes) -> None:
    """Refuse a file that is not a plausible .xlsx before any parser sees it."""
    if not data:
        raise FileRefused("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise FileRefused(f"The selected file must be smaller than {filesizeformat(MAX_BYTES)}")
    if data.startswith(OLE2):
        raise FileRefused(
            "The selected file is password-protected, or is an old Excel file (.xls): save it "
            "as an Excel workbook (.xlsx) without a password and upload it again"
        )
    if not data.startswith(ZIP):
        raise FileRefused(NOT_XLSX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise FileRefused(NOT_XLSX) from error
    total = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or total > MAX_RATIO * len(data):
        raise FileRefused(
            "The selected file unpacks to far more data than an action plan holds, so it was "
            "not opened: upload the plan as you saved it from Excel or LibreOffice"
        )
    names = {member.filename for member in members}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise FileRefused(NOT_XLSX)


def open_plan(data: bytes) -> PlanFile:
    """Check the file and read its sheets; raise FileRefused if it cannot be a plan."""
    check_bytes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:
        # openpyxl raises many kinds of error for a damaged file, none of them the user's to read.
        raise FileRefused(NOT_XLSX + ": this one could not be opened") from error
    try:
        return _read(workbook)
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(NOT_XLSX + ": part of this one could not be read") from error
    finally:
        workbook.close()


def _read(workbook) -> PlanFile:
    if TRACKER_SHEET not in workbook.sheetnames:
        raise FileRefused(NOT_A_PLAN)
    plan_file = _read_tracker(workbook[TRACKER_SHEET])
    for name in (PLAN_SHEET, ACTIONS_SHEET):
        if name not in workbook.sheetnames:
            raise FileRefused(
                f"The workbook has no sheet called {name}: do not rename or delete the "
                "plan's sheets"
            )
        plan_file.rows[name] = _read_sheet(workbook[name], name, plan_file.problems)
    return plan_file


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _read_tracker(sheet) -> PlanFile:
    meta, base = {}, {}
    for count, row in enumerate(sheet.iter_rows(max_col=3, values_only=True), start=1):
        if count > MAX_TRACKER_ROWS:
            raise FileRefused(NOT_A_PLAN)
        values = [_text(value) for value in row] + ["", "", ""]
        if count <= len(layout.TRACKER_KEYS):
            meta[values[0]] = values[1]
        elif values[0] and tuple(values[:3]) != layout.BASE_HEADINGS:
            base[(values[0], values[1])] = values[2]
    if meta.get("format") != layout.FORMAT:
        raise FileRefused(NOT_A_PLAN)
    try:
        inspection_id, pdu_id = int(meta["inspection"]), int(meta["pdu"])
    except (KeyError, ValueError) as error:
        raise FileRefused(NOT_A_PLAN) from error
    return PlanFile(
        inspection_id=inspection_id,
        pdu_id=pdu_id,
        download=meta.get("download", "")[:64],
        base=base,
    )


def _read_sheet(sheet, name: str, problems: list[Problem]) -> list[SheetRow]:
    columns = layout.COLUMNS[name]
    rows, before, headed = [], len(problems), False
    for number, cells in enumerate(sheet.iter_rows(max_col=len(columns)), start=1):
        if number > layout.MAX_ROWS + 1:
            raise FileRefused(
                f"The {name} sheet has more than {layout.MAX_ROWS:,} rows, more than an action "
                "plan could: upload the plan as you downloaded it, with your changes"
            )
        read = {}
        for index, column in enumerate(columns):
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            ref = f"{layout.column_letter(index)}{number}"
            read[column.key] = Cell(ref, value, getattr(cell, "data_type", "n") == "f")
        if number == 1:
            headed = True
            _check_headings(name, columns, read, problems)
            if len(problems) > before:
                # Columns that may have moved cannot be read safely.
                return []
            continue
        rows.append(SheetRow(number, read))
    if not headed:
        problems.append(Problem(name, "A1", "The sheet is empty: its headings are missing"))
    return rows


def _check_headings(name, columns, read: dict[str, Cell], problems: list[Problem]) -> None:
    for column in columns:
        cell = read[column.key]
        found = " ".join(_text(cell.value).split())
        if found != column.heading:
            problems.append(
                Problem(
                    name,
                    cell.ref,
                    f"The heading of column {cell.ref[:-1]} must be “{column.heading}”"
                    + (f", not “{found}”" if found else "")
                    + ": do not change, move or delete the headings",
                )
            )
