"""Read an HMIP PDU inspection report, in any form a user has it, into plain data.

The stages, each in its own module:
- `forms`: the file's bytes to text, the kind told from the content: the published PDF
  (`pdf`, through PDFium via pypdfium2), a saved HMIP web page (`html`), or text;
- `text`: Unicode normalised (NFKC: ligatures, non-breaking spaces), markup cleaned away;
- `layout`: page furniture taken out, the template's headings marked;
- `parser` and `sections`: the template read into `ReportData`.

It either returns everything the report holds or raises ReportError listing each thing
it could not find and where, so that nothing half-read reaches the database.
"""

from .data import (
    CATEGORISATIONS,
    LIMITS,
    MAX_LINES,
    MAX_PDF_BYTES,
    MAX_REPORT_BYTES,
    MONTH_YEAR,
    MONTHS,
    RATINGS,
    KeyQuestionData,
    PreviousRecommendationData,
    RecommendationData,
    ReportData,
    ReportError,
    StandardData,
)
from .forms import decode, kind_of
from .layout import repaired
from .parser import _Parser
from .text import cells, clean, heading_text, is_heading, month, normalise, rating_of, split_rating

__all__ = [
    "CATEGORISATIONS",
    "LIMITS",
    "MAX_LINES",
    "MAX_PDF_BYTES",
    "MAX_REPORT_BYTES",
    "MONTHS",
    "MONTH_YEAR",
    "RATINGS",
    "KeyQuestionData",
    "PreviousRecommendationData",
    "RecommendationData",
    "ReportData",
    "ReportError",
    "StandardData",
    "cells",
    "clean",
    "decode",
    "heading_text",
    "is_heading",
    "kind_of",
    "month",
    "normalise",
    "parse_report",
    "parse_report_bytes",
    "rating_of",
    "split_rating",
]


def _read(text: str) -> ReportData:
    text = normalise(text)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise ReportError(
            [f"The report has {lines:,} lines of text; a report has at most {MAX_LINES:,}."]
        )
    return _Parser(repaired(text)).parse()


def parse_report(text: str) -> ReportData:
    """Parse a report's text (or a web page's source); raise ReportError naming everything
    that is missing."""
    if kind_of(text[:1024].encode("utf-8", "replace")) == "html":
        from .html import html_to_text

        text = html_to_text(text)
    return _read(text)


def parse_report_bytes(data: bytes) -> ReportData:
    kind = kind_of(data)
    text = decode(data)
    report = _read(text)
    report.source_kind = kind
    return report
