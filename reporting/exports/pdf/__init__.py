"""A progress report a director would hand on, written out as PDF with ReportLab.

The cover names the scope (a PDU, a region, or the list's filters), the as-at date, the
rating and score, the headline figures and the status chart; then each inspection has a
section: its ratings, an overview table, and each recommendation with its plan, the regional
lead's decision, its actions, the PDU's latest updates and its indicators.

What keeps it readable, and free of ReportLab's LayoutError whatever users typed:
- no column is narrower than the longest word of its heading (`fit_widths`), so headings
  wrap between words only;
- every table may split inside a row (`splitInRow`), so a 5,000-character entry flows onto
  the next page, and tables repeat their heading row there;
- headings keep with what follows them (`keepWithNext`);
- statuses, RAG and ratings are GOV.UK-coloured tags that carry their text as well;
- every page has a footer with the as-at date and "Page N of M" (`_FooterCanvas`).

Every text goes through `xml_escape` before ReportLab's Paragraph markup sees it.
"""

import functools
import io

from django.http import HttpResponse
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate

from reporting.charts import day_label
from reporting.export_data import ExportData
from reporting.exports.columns import CONTENT_TYPES, attachment

from .cover import cover, status_chart
from .layout import (
    BOLD,
    CELL_PADDING,
    FONT,
    MARGIN,
    TEXT_WIDTH,
    FooterCanvas,
    clean,
    fit_widths,
    footer_text,
)
from .sections import section_story

# What the tests measure the layout with, beside what the views use.
__all__ = [
    "BOLD",
    "CELL_PADDING",
    "FONT",
    "TEXT_WIDTH",
    "fit_widths",
    "footer_text",
    "mm",
    "pdf_response",
    "render",
    "status_chart",
    "story",
    "stringWidth",
]


def story(export: ExportData) -> list[Flowable]:
    flowables = cover(export)
    for section in export.sections:
        flowables.append(PageBreak())
        flowables += section_story(export, section)
    return flowables


def render(export: ExportData) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=clean(export.title),
        subject=f"As at {day_label(export.as_at)}",
        author="Inspection recommendations tracker",
    )
    document.build(
        story(export), canvasmaker=functools.partial(FooterCanvas, footer=footer_text(export))
    )
    return buffer.getvalue()


def pdf_response(export: ExportData) -> HttpResponse:
    response = HttpResponse(render(export), content_type=CONTENT_TYPES["pdf"])
    return attachment(response, export.filename("pdf"))
