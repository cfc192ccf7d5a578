"""The PDF's cover: the scope, the headline figures, the PDUs' table and the status chart."""

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Spacer,
    Table,
    TableStyle,
)

from recommendations.models import Status
from reporting.charts import STATUS_FILLS, day_label
from reporting.export_data import ExportData, Section
from reporting.status_over_time import RAGS, STATUSES, Week, status_label

from .layout import (
    BLUE,
    BORDER,
    CHART_WEEKS,
    FONT,
    MONTH,
    TEXT_WIDTH,
    WIDEST_RAG_TAG,
    WIDEST_STATUS_TAG,
    facts,
    fit_widths,
    para,
    rag_tag,
    rating_tag,
    status_tag,
    table,
    word_width,
)

# The cover


def _counts(sections: Sequence[Section]) -> dict:
    status = dict.fromkeys(STATUSES, 0)
    rag = dict.fromkeys(RAGS, 0)
    overdue = 0
    for section in sections:
        for row in section.rows:
            status[row.position.status] += 1
            rag[row.position.rag] += 1
        overdue += section.overdue_actions
    return {
        "recommendations": sum(status.values()),
        "status": status,
        "rag": rag,
        "overdue": overdue,
        "awaiting": status[Status.COMPLETE],
    }


def headline_figures(counts: dict) -> list:
    figures = [
        (
            counts["recommendations"],
            "recommendation" if counts["recommendations"] == 1 else "recommendations",
        ),
        (counts["overdue"], "overdue actions" if counts["overdue"] != 1 else "overdue action"),
        (counts["awaiting"], "awaiting verification by the regional lead"),
    ]
    boxes = Table(
        [[[para(str(n), "figure"), para(label, "figure_label")] for n, label in figures]],
        colWidths=[TEXT_WIDTH / 3] * 3,
        hAlign="LEFT",
    )
    boxes.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBEFORE", (0, 0), (-1, -1), 3, BLUE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    by = [
        [status_tag(s), str(counts["status"][s]), rag_tag(r), str(counts["rag"][r])]
        for s, r in zip(STATUSES, RAGS, strict=True)
    ]
    headings = ["Recommendations by status", "Number", "By RAG", "Number"]
    widths = fit_widths(headings, [3, 1, 3, 1], least=[WIDEST_STATUS_TAG, 0, WIDEST_RAG_TAG, 0])
    return [boxes, Spacer(1, 6 * mm), table(headings, by, widths)]


def _scope_facts(export: ExportData) -> list[tuple[str, object]]:
    if not export.several_pdus and export.sections:
        inspection = export.sections[0].inspection
        return [
            ("PDU", inspection.pdu.name),
            ("Region", inspection.pdu.region.name),
            ("Inspection published", f"{inspection.published:%B %Y}"),
            ("Overall rating", rating_tag(inspection.overall_rating)),
            ("Score", score_text(inspection)),
        ]
    rows = []
    if export.region is not None:
        rows.append(("Region", export.region.name))
        rows.append(("PDUs", f"{len(export.sections)}, each at its latest inspection"))
    else:
        rows.append(("Filters", "; ".join(export.notes) or "None: every recommendation you see"))
        rows.append(("PDUs", str(len({s.inspection.pdu_id for s in export.sections}))))
    return rows


def score_text(inspection) -> str:
    if inspection.score is None:
        return "Not scored"
    framework = inspection.framework
    return (
        f"{inspection.score} out of {framework.max_score}" if framework else str(inspection.score)
    )


def _pdu_table(export: ExportData) -> list:
    headings = [
        "PDU",
        "Inspection",
        "Rating",
        "Score",
        "Recommendations",
        *[status_label(s) for s in STATUSES],
        "Overdue actions",
    ]
    rows = []
    for section in export.sections:
        inspection = section.inspection
        rows.append(
            [
                section.pdu,
                f"{inspection.published:%B %Y}",
                section.rating_label,
                "" if inspection.score is None else str(inspection.score),
                str(len(section.rows)),
                *[str(n) for _, n in section.by_status],
                str(section.overdue_actions),
            ]
        )
    # The names, months and ratings wrap between words only, as the headings do (a name's
    # longest word up to a limit: past it, a word is broken rather than the table overflow).
    names = min(max(word_width(section.pdu) for section in export.sections), 35 * mm)
    least = [names, MONTH, word_width("improvement")]
    widths = fit_widths(headings, [3, 1, 1, 0, 0, 0, 0, 0, 0, 0], least=least)
    return [para("PDUs", "h2"), table(headings, rows, widths)]


def status_chart(weeks: Sequence[Week], width: float = TEXT_WIDTH, height: float = 62 * mm):
    """Stacked bars of the recommendations at each status at the end of each week, with a
    legend naming the statuses in the order they stack."""
    drawing = Drawing(width, height)
    legend_height, axis_width, label_height = 14, 22, 14
    plot_bottom, plot_top = label_height + legend_height, height - 6
    plot_width = width - axis_width
    top = max((week.total for week in weeks), default=0) or 1
    step = next(
        s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if top / s <= 6
    )
    top = -(-top // step) * step

    def y(value: float) -> float:
        return plot_bottom + (plot_top - plot_bottom) * value / top

    for tick in range(0, top + 1, step):
        drawing.add(Line(axis_width, y(tick), width, y(tick), strokeColor=BORDER, strokeWidth=0.4))
        drawing.add(
            String(
                axis_width - 4, y(tick) - 3, str(tick), fontName=FONT, fontSize=7, textAnchor="end"
            )
        )
    slot = plot_width / max(len(weeks), 1)
    bar = slot * 0.7
    every = 1 if len(weeks) <= 7 else 2
    for index, week in enumerate(weeks):
        left = axis_width + index * slot + (slot - bar) / 2
        base = 0
        for status in STATUSES:
            count = week.by_status[status]
            if count:
                drawing.add(
                    Rect(
                        left,
                        y(base),
                        bar,
                        y(base + count) - y(base),
                        fillColor=colors.HexColor(STATUS_FILLS[status]),
                        strokeColor=colors.white,
                        strokeWidth=0.5,
                    )
                )
            base += count
        if (len(weeks) - 1 - index) % every == 0:
            drawing.add(
                String(
                    left + bar / 2,
                    legend_height + 3,
                    f"{week.ending.day} {week.ending:%b}",
                    fontName=FONT,
                    fontSize=7,
                    textAnchor="middle",
                )
            )
    x = axis_width
    for status in STATUSES:
        drawing.add(
            Rect(x, 2, 8, 8, fillColor=colors.HexColor(STATUS_FILLS[status]), strokeWidth=0)
        )
        label = status_label(status)
        drawing.add(String(x + 11, 3, label, fontName=FONT, fontSize=8))
        x += 11 + stringWidth(label, FONT, 8) + 14
    return drawing


def _chart(export: ExportData) -> list:
    weeks = export.weeks[-CHART_WEEKS:]
    if not weeks:
        return []
    first = weeks[0].ending
    return [
        para("Status over time", "h2"),
        para(
            f"Recommendations at each status at the end of each week, from the week ending "
            f"{day_label(first)} to {day_label(export.as_at)}. From the bottom: "
            + ", ".join(status_label(s) for s in STATUSES)
            + ".",
            "small",
        ),
        Spacer(1, 2 * mm),
        status_chart(weeks),
    ]


def cover(export: ExportData) -> list:
    story = [
        para("Inspection recommendations tracker: progress report", "small"),
        Spacer(1, 3 * mm),
        para(export.title, "title"),
        para(f"As at {day_label(export.as_at)}", "as_at"),
        facts(_scope_facts(export)),
    ]
    if not export.sections:
        return [*story, Spacer(1, 6 * mm), para("No recommendations to report.", "body")]
    story += [Spacer(1, 8 * mm), *headline_figures(_counts(export.sections))]
    story += _chart(export)
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "Positions (status, RAG, progress) are as the progress updates recorded them by the "
            "end of the day above; the plan and the actions as they stood then; indicators "
            "from measurements dated on or before it. Awaiting verification: marked Complete "
            "by the PDU, not yet verified by the regional lead.",
            "small",
        )
    )
    if export.several_pdus:
        story += _pdu_table(export)
    return story
