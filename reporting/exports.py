"""A progress report written out as CSV or Excel (the PDF is in `reporting.pdf`).

Spreadsheets: any text a spreadsheet could take for a formula (starting `=`, `+`, `-`, `@`,
a tab or a carriage return) is prefixed with `'`, so that opening an export never runs
anything a user typed. CSV is UTF-8 with a byte-order mark, because Excel reads a CSV
without one in the machine's legacy code page and mangles names and dashes; other tools
(Python's csv with `utf-8-sig`, LibreOffice, pandas) skip the mark.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .charts import day_label
from .forms import PREVIOUS_RECOMMENDATIONS
from .progress import RAGS, STATUSES, rag_label, status_label
from .report import ProgressReport, Row, Section

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so .xlsx and PDF text) cannot hold.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def neutralise(value):
    """A cell value a spreadsheet will show as text, never evaluate."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _date_text(day: datetime.date | None) -> str:
    return day_label(day) if day else ""


def action_lines(row: Row) -> str:
    if not row.actions:
        return "No actions recorded"
    return "\n".join(
        f"{a.description} ({a.owner}; due {_date_text(a.due_date)}; {a.status_label})"
        for a in row.actions
    )


def update_lines(row: Row) -> str:
    """The PDU's own latest updates: a lead's decision is reported in a column of its own."""
    if not row.updates:
        return "No updates recorded"
    lines = []
    for update in row.updates:
        line = f"{_date_text(update.created_at.date())}: {update.what_was_done}"
        if update.impact:
            line += f" Impact: {update.impact}"
        lines.append(line)
    return "\n".join(lines)


def decision_line(row: Row) -> str:
    decision = row.decision
    if decision is None:
        return ""
    return f"{_date_text(decision.created_at.date())}: {decision.decision}"


# In HMIP's layout, where a later inspection reviewed any of the recommendations: its month, the
# PDU's own last judgement before its fieldwork, and the inspectorate's, side by side.
LATER_COLUMNS = [
    ("Reviewed at the next inspection", 16),
    ("PDU's judgement before its fieldwork", 18),
    ("Inspectorate's categorisation", 18),
    ("Inspectorate: improvement still required?", 14),
]


def later_values(row: Row) -> list[str]:
    later = row.later
    if later is None:
        return [""] * len(LATER_COLUMNS)
    return [
        f"{later.review.inspection.published:%B %Y}",
        later.self_assessed_label,
        later.categorisation_label,
        later.improvement_label,
    ]


def columns(report: ProgressReport) -> list[tuple[str, int]]:
    """(heading, Excel width) of each column the layout has."""
    first = [("PDU", 16)] if report.several_pdus else []
    if report.layout == PREVIOUS_RECOMMENDATIONS:
        rest = [
            ("No.", 5),
            ("Recommendation", 60),
            ("Action taken and impact", 70),
            ("Categorisation", 18),
            ("Improvement still required?", 14),
            ("Verification", 40),
        ]
        if report.has_later_reviews:
            rest += LATER_COLUMNS
    else:
        rest = [
            ("No.", 5),
            ("Recommendation", 60),
            ("Agreed/Partly agreed/Not agreed", 20),
            ("Action taken/planned", 60),
            ("Owner", 22),
            ("Target date", 14),
            ("Status", 14),
            ("RAG", 10),
            ("Verification", 40),
        ]
    return first + rest


def row_values(report: ProgressReport, section: Section, row: Row) -> list:
    rec = row.recommendation
    first = [section.pdu] if report.several_pdus else []
    if report.layout == PREVIOUS_RECOMMENDATIONS:
        rest = [
            rec.number,
            rec.text,
            update_lines(row),
            row.progress_label,
            row.improvement_label,
            decision_line(row),
        ]
        if report.has_later_reviews:
            rest += later_values(row)
    else:
        rest = [
            rec.number,
            rec.text,
            row.response_label,
            action_lines(row),
            row.plan.owner,
            row.plan.target_date,
            row.status_label,
            row.rag_label,
            decision_line(row),
        ]
    return first + rest


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# CSV


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(report: ProgressReport) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([heading for heading, _ in columns(report)])
    for section in report.sections:
        for row in section.rows:
            values = row_values(report, section, row)
            yield writer.writerow(
                [v.isoformat() if isinstance(v, datetime.date) else neutralise(v) for v in values]
            )


def csv_response(report: ProgressReport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(report), content_type=CONTENT_TYPES["csv"])
    return _attachment(response, report.filename("csv"))


# Excel

DATE_FORMAT = "d mmmm yyyy"
MONTH_FORMAT = "mmmm yyyy"


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
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
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


def xlsx_response(report: ProgressReport) -> HttpResponse:
    workbook = Workbook(write_only=True)
    summary = _start_sheet(workbook, "Summary", SUMMARY_COLUMNS)
    for section in report.sections:
        inspection = section.inspection
        max_score = inspection.framework.max_score if inspection.framework else None
        values = [
            section.pdu,
            inspection.pdu.region.name,
            (inspection.published, MONTH_FORMAT),
            section.rating_label,
            f"{inspection.score}/{max_score}" if inspection.score is not None else "",
            len(section.rows),
            *[n for _, n in section.by_status],
            *[n for _, n in section.by_rag],
            section.overdue_actions,
            report.as_at,
        ]
        summary.append(
            [
                _cell(summary, v[0], number_format=v[1])
                if isinstance(v, tuple)
                else _cell(summary, v)
                for v in values
            ]
        )
    headings = columns(report)
    used = {"summary"}
    for section in report.sections:
        title = (
            section.pdu
            if report.several_pdus
            else f"{section.pdu} {section.inspection.published:%Y-%m}"
        )
        sheet = _start_sheet(workbook, _sheet_title(title, used), headings)
        for row in section.rows:
            sheet.append(
                [_cell(sheet, v, wrap=isinstance(v, str)) for v in row_values(report, section, row)]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    return _attachment(response, report.filename("xlsx"))
