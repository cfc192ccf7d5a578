"""An export as an Excel workbook: a summary sheet, then a sheet per section.

openpyxl's write-only workbook keeps each sheet's rows in a temporary file as they are
appended, and the workbook is saved into a temporary file (in memory while small) that is
served as it stands; the export is read a few inspections at a time, each chunk's summary
rows and sheets written before the next is read.
"""

import datetime
import re
import tempfile

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reporting.export_data import ExportData, Section
from reporting.status_over_time import RAGS, STATUSES, rag_label, status_label

from .columns import CONTENT_TYPES, attachment, columns, neutralise, row_values

DATE_FORMAT = "d mmmm yyyy"
MONTH_FORMAT = "mmmm yyyy"
# A workbook bigger than this goes to disk while it is served.
IN_MEMORY_BYTES = 1024 * 1024
# Made once: openpyxl looks each cell's style up among the workbook's, and a new object per
# cell cost more than the lookup.
HEADING_FONT = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\']", " ", name).strip()[:31] or "PDU"
    candidate, number = title, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _cell(sheet, value, *, number_format: str | None = None, bold: bool = False, wrap=False):
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if isinstance(value, datetime.date):
        cell.number_format = number_format or DATE_FORMAT
    if bold:
        cell.font = HEADING_FONT
    if wrap:
        cell.alignment = WRAPPED
    return cell


def _start_sheet(workbook, title: str, headings: list[tuple[str, int]]):
    sheet = workbook.create_sheet(title)
    for index, (_, width) in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, heading, bold=True) for heading, _ in headings])
    return sheet


SUMMARY_COLUMNS = [
    ("PDU", 18),
    ("Region", 24),
    ("Inspection published", 16),
    ("Overall rating", 20),
    ("Score", 8),
    ("Recommendations", 16),
    *[(status_label(s), 12) for s in STATUSES],
    *[(rag_label(r), 9) for r in RAGS],
    ("Overdue actions", 14),
    ("As at", 16),
]


def _summary_row(summary, export: ExportData, section: Section) -> list:
    inspection = section.inspection
    score = inspection.score_label
    return [
        _cell(summary, section.pdu),
        _cell(summary, inspection.pdu.region.name),
        _cell(summary, inspection.published, number_format=MONTH_FORMAT),
        _cell(summary, section.rating_label),
        _cell(summary, score),
        _cell(summary, len(section.rows)),
        *[_cell(summary, n) for _, n in section.by_status],
        *[_cell(summary, n) for _, n in section.by_rag],
        _cell(summary, section.overdue_actions),
        _cell(summary, export.as_at),
    ]


def write_workbook(export: ExportData, file) -> None:
    workbook = Workbook(write_only=True)
    summary = _start_sheet(workbook, "Summary", SUMMARY_COLUMNS)
    headings = columns(export)
    used = {"summary"}
    for section in export.sections_in_chunks():
        summary.append(_summary_row(summary, export, section))
        title = (
            section.pdu
            if export.several_pdus
            else f"{section.pdu} {section.inspection.published:%Y-%m}"
        )
        sheet = _start_sheet(workbook, _sheet_title(title, used), headings)
        for row in section.rows:
            sheet.append(
                [_cell(sheet, v, wrap=isinstance(v, str)) for v in row_values(export, section, row)]
            )
        # Finished: its rows are on disk, and its writer's buffers go now, not at the save.
        sheet.close()
    workbook.save(file)


def xlsx_response(export: ExportData) -> FileResponse:
    # Not a `with`: the response closes the file once it has been sent.
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    write_workbook(export, file)
    file.seek(0)
    response = FileResponse(file, content_type=CONTENT_TYPES["xlsx"])
    return attachment(response, export.filename("xlsx"))
