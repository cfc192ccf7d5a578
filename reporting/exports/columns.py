"""What every export writes: its columns, each row's values, its file's headers.

Spreadsheets: any text a spreadsheet could take for a formula (starting `=`, `+`, `-`, `@`,
a tab or a carriage return) is prefixed with `'`, so that opening an export never runs
anything a user typed.
"""

import datetime
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from reporting.charts import day_label
from reporting.export_data import ExportData, Row, Section
from reporting.forms import PREVIOUS_RECOMMENDATIONS

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


def columns(export: ExportData) -> list[tuple[str, int]]:
    """(heading, Excel width) of each column the layout has."""
    first = [("PDU", 16)] if export.several_pdus else []
    if export.layout == PREVIOUS_RECOMMENDATIONS:
        rest = [
            ("No.", 5),
            ("Recommendation", 60),
            ("Action taken and impact", 70),
            ("Categorisation", 18),
            ("Improvement still required?", 14),
            ("Verification", 40),
        ]
        if export.has_later_reviews:
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


def row_values(export: ExportData, section: Section, row: Row) -> list:
    rec = row.recommendation
    first = [section.pdu] if export.several_pdus else []
    if export.layout == PREVIOUS_RECOMMENDATIONS:
        rest = [
            rec.number,
            rec.text,
            update_lines(row),
            row.judgement_label,
            row.improvement_label,
            decision_line(row),
        ]
        if export.has_later_reviews:
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


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
