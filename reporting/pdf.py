"""A progress report written out as PDF (ReportLab).

Every text goes through `xml_escape` before ReportLab's Paragraph markup sees it.
"""

import datetime
import io
from xml.sax.saxutils import escape as xml_escape

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .charts import day_label
from .exports import (
    CONTENT_TYPES,
    ILLEGAL_CHARACTERS,
    _attachment,
    _date_text,
    columns,
    decision_line,
    row_values,
)
from .forms import PREVIOUS_RECOMMENDATIONS
from .progress import STATUSES, status_label
from .report import ProgressReport, Row, Section


def _styles():
    sheet = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=sheet["BodyText"],
        fontName="Helvetica",
        fontSize=9.5,
        leading=12,
        alignment=TA_LEFT,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=sheet["Title"],
            fontName="Helvetica-Bold",
            fontSize=22,
            leading=27,
            alignment=TA_LEFT,
        ),
        "h1": ParagraphStyle(
            "h1", parent=sheet["Heading1"], fontName="Helvetica-Bold", fontSize=16, leading=20
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sheet["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5
        ),
    }


def para(text, style) -> Paragraph:
    """A paragraph of plain text: escaped for reportlab's markup, line breaks kept."""
    safe = xml_escape(ILLEGAL_CHARACTERS.sub("", str(text)))
    return Paragraph(safe.replace("\n", "<br/>"), style)


TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)


def _table(rows: list[list], styles, widths=None, header=True) -> Table:
    data = [
        [
            cell
            if isinstance(cell, Paragraph)
            else para(cell, styles["head"] if header and index == 0 else styles["cell"])
            for cell in row
        ]
        for index, row in enumerate(rows)
    ]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return table


def _cover(report: ProgressReport, styles) -> list:
    story = [para(report.title, styles["title"]), Spacer(1, 6 * mm)]
    facts = []
    if not report.several_pdus and report.sections:
        section = report.sections[0]
        inspection = section.inspection
        max_score = inspection.framework.max_score if inspection.framework else ""
        facts += [
            ["PDU", section.pdu],
            ["Region", inspection.pdu.region.name],
            ["Inspection published", f"{inspection.published:%B %Y}"],
            ["Overall rating", section.rating_label],
            ["Score", f"{inspection.score}/{max_score}" if inspection.score is not None else ""],
        ]
    elif report.region is not None:
        facts.append(["Region", report.region.name])
    facts += [
        ["As at", day_label(report.as_at)],
        [
            "Layout",
            "HMIP progress on previous recommendations"
            if report.layout == PREVIOUS_RECOMMENDATIONS
            else "HMPPS action plan",
        ],
    ]
    story.append(_table(facts, styles, widths=[45 * mm, 120 * mm], header=False))
    story.append(Spacer(1, 6 * mm))
    story.append(
        para(
            "Positions (status, RAG, progress) are as the progress updates recorded them by the "
            "end of the day above; actions as they stood then; indicators from measurements "
            "dated on or before it.",
            styles["small"],
        )
    )
    if report.several_pdus:
        story.append(Spacer(1, 6 * mm))
        rows = [
            [
                "PDU",
                "Inspection",
                "Rating",
                "Score",
                "Recommendations",
                *[status_label(s) for s in STATUSES],
            ]
        ]
        for section in report.sections:
            inspection = section.inspection
            rows.append(
                [
                    section.pdu,
                    f"{inspection.published:%B %Y}",
                    section.rating_label,
                    "" if inspection.score is None else str(inspection.score),
                    str(len(section.rows)),
                    *[str(n) for _, n in section.by_status],
                ]
            )
        story.append(_table(rows, styles))
    if not report.sections:
        story.append(para("No recommendations to report.", styles["body"]))
    return story


def _ratings_panel(section: Section, styles) -> list:
    rows = [["Standard", "Rating", "Key questions (% Yes, band)"]]
    for standard in section.inspection.standards.all():
        questions = "\n".join(
            f"{kq.text} {kq.percent_yes}% ({section.key_question_band(kq.percent_yes)})"
            for kq in standard.key_questions.all()
        )
        rows.append([f"{standard.code} {standard.name}", standard.get_rating_display(), questions])
    if len(rows) == 1:
        return []
    return [para("Ratings", styles["h2"]), _table(rows, styles, [45 * mm, 32 * mm, 103 * mm])]


def _recommendation(row: Row, styles) -> list:
    rec = row.recommendation
    facts = [
        ["Response", row.response_label],
        ["Owner", row.plan.owner or "Not recorded"],
        ["Target date", _date_text(row.plan.target_date) or "Not set"],
        ["Status", row.status_label],
        *([["Verification", decision_line(row)]] if row.decision else []),
        ["RAG", row.rag_label],
        ["Progress judgement", row.progress_label],
        ["Improvement still required?", row.improvement_label],
    ]
    story = [
        KeepTogether(
            [
                para(f"Recommendation {rec.number}", styles["h2"]),
                para(rec.text, styles["body"]),
                _table(facts, styles, [45 * mm, 135 * mm], header=False),
            ]
        ),
        para("Actions", styles["head"]),
    ]
    if row.actions:
        story.append(
            _table(
                [["Action", "Owner", "Due", "Status"]]
                + [
                    [a.description, a.owner, _date_text(a.due_date), a.status_label]
                    for a in row.actions
                ],
                styles,
                [85 * mm, 35 * mm, 32 * mm, 28 * mm],
            )
        )
    else:
        story.append(para("No actions recorded.", styles["small"]))
    story.append(para(f"Latest updates (up to {len(row.updates) or 3})", styles["head"]))
    if row.updates:
        story.append(
            _table(
                [["Date", "By", "What was done", "Impact", "Status"]]
                + [
                    [
                        _date_text(u.created_at.date()),
                        u.author,
                        u.what_was_done,
                        u.impact,
                        status_label(u.status),
                    ]
                    for u in row.updates
                ],
                styles,
                [25 * mm, 25 * mm, 65 * mm, 45 * mm, 20 * mm],
            )
        )
    else:
        story.append(para("No updates recorded.", styles["small"]))
    if row.indicators:
        story.append(para("Indicators", styles["head"]))
        story.append(
            _table(
                [["Indicator", "Baseline", "Target", "Latest", "Direction"]]
                + [
                    [
                        i.name,
                        f"{i.baseline} ({_date_text(i.baseline_date)})",
                        i.target + (f" by {_date_text(i.target_date)}" if i.target_date else ""),
                        i.latest_display + (f" ({_date_text(i.latest.date)})" if i.latest else ""),
                        i.direction,
                    ]
                    for i in row.indicators
                ],
                styles,
                [50 * mm, 35 * mm, 30 * mm, 40 * mm, 25 * mm],
            )
        )
    return story


def _section(report: ProgressReport, section: Section, styles) -> list:
    inspection = section.inspection
    story = [
        para(f"{section.pdu} PDU: inspection published {inspection.published:%B %Y}", styles["h1"]),
        para(
            f"{inspection.pdu.region.name}. Overall rating {section.rating_label}"
            + (f", score {inspection.score}" if inspection.score is not None else "")
            + f". As at {day_label(report.as_at)}: "
            + "; ".join(f"{label} {n}" for label, n in section.by_status)
            + f". Overdue actions: {section.overdue_actions}.",
            styles["body"],
        ),
    ]
    story += _ratings_panel(section, styles)
    heading = (
        "Progress on recommendations"
        if report.layout == PREVIOUS_RECOMMENDATIONS
        else "Action plan"
    )
    # The PDU is the section's own, and each decision is in its recommendation's facts below.
    wanted = [i for i, (h, _) in enumerate(columns(report)) if h not in ("PDU", "Verification")]
    rows = [[columns(report)[i][0] for i in wanted]]
    for row in section.rows:
        values = row_values(report, section, row)
        rows.append(
            [
                _date_text(v) if isinstance(v, datetime.date) else ("" if v is None else str(v))
                for v in (values[i] for i in wanted)
            ]
        )
    widths = (
        [10 * mm, 55 * mm, 70 * mm, 25 * mm, 20 * mm]
        if report.layout == PREVIOUS_RECOMMENDATIONS
        else [9 * mm, 38 * mm, 20 * mm, 45 * mm, 20 * mm, 18 * mm, 16 * mm, 14 * mm]
    )
    story += [para(heading, styles["h2"]), _table(rows, styles, widths)]
    for row in section.rows:
        story += _recommendation(row, styles)
    return story


def pdf_response(report: ProgressReport) -> HttpResponse:
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=report.title,
        author="Inspection recommendations tracker",
    )
    story = _cover(report, styles)
    for section in report.sections:
        story.append(PageBreak())
        story += _section(report, section, styles)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, 8 * mm, f"{report.title}, as at {day_label(report.as_at)}"[:120])
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"Page {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["pdf"])
    return _attachment(response, report.filename("pdf"))
