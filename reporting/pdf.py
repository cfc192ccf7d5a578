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

import datetime
import functools
import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from django.http import HttpResponse
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspections.models import Categorisation, Rating
from recommendations.models import RAG, Response, Status
from recommendations.templatetags.tracker import (
    PROGRESS_COLOURS,
    RAG_COLOURS,
    RATING_COLOURS,
    STATUS_COLOURS,
)

from .charts import STATUS_FILLS, day_label
from .exports import CONTENT_TYPES, ILLEGAL_CHARACTERS, _attachment
from .forms import PREVIOUS_RECOMMENDATIONS
from .progress import RAGS, STATUSES, Week, rag_label, status_label
from .report import ProgressReport, Row, Section

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CELL_PADDING = 4
CHART_WEEKS = 13
# The overview's texts stop here; each recommendation's own part below has them in full.
OVERVIEW_CHARACTERS = 300

FONT, BOLD = "Helvetica", "Helvetica-Bold"
BLACK = colors.HexColor("#0b0c0c")
GREY_TEXT = colors.HexColor("#484949")
BORDER = colors.HexColor("#b1b4b6")
LIGHT_GREY = colors.HexColor("#f3f2f1")
BLUE = colors.HexColor("#1d70b8")
RED_TEXT = colors.HexColor("#aa2a16")

# GOV.UK Frontend's tag colours (text, background), as `static/dist/app.css` has them, by the
# modifier names `recommendations.templatetags.tracker` gives each status, RAG and rating.
TAG_COLOURS = {
    "blue": ("#0f385c", "#d2e2f1"),
    "green": ("#083d29", "#cfe4dc"),
    "purple": ("#2a1950", "#ddd6ec"),
    "red": ("#651b1b", "#f4d7d7"),
    "orange": ("#7a3c1c", "#fde4d7"),
    "yellow": ("#7a3c1c", "#ffee80"),
    "grey": ("#0b0c0c", "#cecece"),
    "turquoise": ("#0b4144", "#d0e6e7"),
}
TAG_FONT_SIZE = 8
TAG_PADDING = 3


def _style(name: str, **kwargs) -> ParagraphStyle:
    values = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5, "textColor": BLACK}
    return ParagraphStyle(name, alignment=TA_LEFT, **(values | kwargs))


STYLES = {
    "title": _style("title", fontName=BOLD, fontSize=24, leading=29, spaceAfter=4 * mm),
    "as_at": _style("as_at", fontSize=14, leading=18, spaceAfter=6 * mm),
    "h1": _style("h1", fontName=BOLD, fontSize=17, leading=21, spaceAfter=3 * mm, keepWithNext=1),
    "h2": _style(
        "h2",
        fontName=BOLD,
        fontSize=13,
        leading=16,
        spaceBefore=5 * mm,
        spaceAfter=2 * mm,
        keepWithNext=1,
    ),
    "h3": _style(
        "h3",
        fontName=BOLD,
        fontSize=10.5,
        leading=13,
        spaceBefore=3 * mm,
        spaceAfter=1.5 * mm,
        keepWithNext=1,
    ),
    "body": _style("body", spaceAfter=2 * mm),
    "small": _style("small", fontSize=8.5, leading=11, textColor=GREY_TEXT),
    "cell": _style("cell", fontSize=8.5, leading=11),
    "head": _style("head", fontName=BOLD, fontSize=8.5, leading=11),
    "figure": _style("figure", fontName=BOLD, fontSize=26, leading=30),
    "figure_label": _style("figure_label", fontSize=9.5, leading=12),
    "overdue": _style("overdue", fontName=BOLD, fontSize=8.5, leading=11, textColor=RED_TEXT),
}

SURROGATES = re.compile(r"[\ud800-\udfff]")


def _clean(text) -> str:
    return SURROGATES.sub("", ILLEGAL_CHARACTERS.sub("", str(text)))


def para(text, style: str | ParagraphStyle = "cell") -> Paragraph:
    """A paragraph of plain text: escaped for ReportLab's markup, line breaks kept."""
    style = STYLES[style] if isinstance(style, str) else style
    return Paragraph(xml_escape(_clean(text)).replace("\n", "<br/>"), style)


def _date(day: datetime.date | None, empty: str = "") -> str:
    return day_label(day) if day else empty


def _shorten(text: str, limit: int = OVERVIEW_CHARACTERS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(".,;:") + " …"


# Tags


class Tag(Flowable):
    """A GOV.UK tag: its text on its colour, as wide as its text (or the room it has)."""

    def __init__(self, text: str, colour: str):
        super().__init__()
        self.text = text
        self.foreground, self.background = (colors.HexColor(c) for c in TAG_COLOURS[colour])
        self.height = TAG_FONT_SIZE + 2 * TAG_PADDING

    @staticmethod
    def width_of(text: str) -> float:
        return stringWidth(text, FONT, TAG_FONT_SIZE) + 2 * TAG_PADDING

    def wrap(self, available_width, available_height):
        self.width = min(self.width_of(self.text), available_width)
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setFillColor(self.background)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.foreground)
        canvas.setFont(FONT, TAG_FONT_SIZE)
        canvas.drawString(TAG_PADDING, TAG_PADDING + 1.5, self.text)


def status_tag(status: str) -> Tag:
    return Tag(status_label(status), STATUS_COLOURS[Status(status)])


def rag_tag(rag: str) -> Tag:
    return Tag(rag_label(rag), RAG_COLOURS[RAG(rag)] if rag else "grey")


def rating_tag(rating: str) -> Tag | Paragraph:
    if not rating:
        return para("Not rated")
    return Tag(Rating(rating).label, RATING_COLOURS[Rating(rating)])


def progress_tag(progress: str) -> Tag | Paragraph:
    if not progress:
        return para("Not judged")
    return Tag(Categorisation(progress).label, PROGRESS_COLOURS[Categorisation(progress)])


def _word(text: str, style: str = "cell") -> float:
    """The width of the longest word of `text`: the narrowest it can wrap to, unbroken."""
    font = STYLES[style]
    return max((stringWidth(w, font.fontName, font.fontSize) for w in text.split()), default=0)


# The longest words that fixed texts put in a cell: a month, a response, an action's status.
MONTH = _word("September")
RESPONSE = _word("recorded")
WIDEST_STATUS_TAG = max(Tag.width_of(status_label(s)) for s in STATUSES)
WIDEST_RAG_TAG = max(Tag.width_of(rag_label(r)) for r in RAGS)


# Tables


def fit_widths(
    headings: Sequence[str],
    weights: Sequence[float],
    *,
    total: float = TEXT_WIDTH,
    least: Sequence[float] = (),
) -> list[float]:
    """Column widths adding up to `total`, none narrower than its heading's longest word
    (nor than `least`, the widest word or tag its cells must hold, where there is room for
    all of them: else a cell's words may break, never a heading's), the room left shared out
    by `weights`."""
    padding = 2 * CELL_PADDING + 1
    heads = [_word(h, "head") + padding for h in headings]
    floors = [floor + padding for floor in least] + [0] * (len(headings) - len(least))
    minimum = [max(pair) for pair in zip(heads, floors, strict=True)]
    if sum(minimum) > total:
        minimum = heads
    spare = total - sum(minimum)
    if spare < 0:
        raise ValueError(f"The headings {headings} need more than {total:.0f} points")
    share = sum(weights) or 1
    return [m + spare * w / share for m, w in zip(minimum, weights, strict=True)]


TABLE_STYLE = [
    # For the cells that are plain strings (`_cell`): the "cell" paragraph style's font.
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
    ("LEADING", (0, 0), (-1, -1), 11),
    ("TEXTCOLOR", (0, 0), (-1, -1), BLACK),
    ("LINEBELOW", (0, 0), (-1, -1), 0.5, BORDER),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]
HEADED = [
    ("FONTNAME", (0, 0), (-1, 0), BOLD),
    ("LINEBELOW", (0, 0), (-1, 0), 1.2, BLACK),
    ("BACKGROUND", (0, 0), (-1, 0), LIGHT_GREY),
]


def _cell(value, width: float, style: str = "cell"):
    """A cell's content: a text that fits on one line stays a plain string, which ReportLab
    draws without parsing or wrapping it (a region's report has tens of thousands of cells);
    any other text becomes a paragraph that wraps."""
    if isinstance(value, Flowable | list):
        return value
    text = day_label(value) if isinstance(value, datetime.date) else _clean(value or "")
    font = STYLES[style]
    if "\n" not in text and stringWidth(text, font.fontName, font.fontSize) <= width:
        return text
    return para(text, style)


def table(
    headings: Sequence[str] | None,
    rows: Sequence[Sequence],
    widths: Sequence[float],
    *,
    keys: bool = False,
) -> Table:
    """A GOV.UK-looking table that may split between and inside rows across pages; `keys`:
    its first column is bold, as a summary list's keys."""
    room = [w - 2 * CELL_PADDING for w in widths]
    data = [[_cell(h, w, "head") for h, w in zip(headings, room, strict=True)]] if headings else []
    data += [
        [
            _cell(value, w, "head" if keys and i == 0 else "cell")
            for i, (value, w) in enumerate(zip(row, room, strict=True))
        ]
        for row in rows
    ]
    result = Table(
        data,
        colWidths=list(widths),
        repeatRows=1 if headings else 0,
        splitInRow=1,
        hAlign="LEFT",
    )
    style = TABLE_STYLE + (HEADED if headings else [])
    if keys:
        style = [*style, ("FONTNAME", (0, 0), (0, -1), BOLD)]
    result.setStyle(TableStyle(style))
    return result


def facts(rows: Sequence[tuple[str, object]]) -> Table:
    """A summary list: a bold key and its value on each row."""
    return table(None, rows, [50 * mm, 130 * mm], keys=True)


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


def _scope_facts(report: ProgressReport) -> list[tuple[str, object]]:
    if not report.several_pdus and report.sections:
        inspection = report.sections[0].inspection
        return [
            ("PDU", inspection.pdu.name),
            ("Region", inspection.pdu.region.name),
            ("Inspection published", f"{inspection.published:%B %Y}"),
            ("Overall rating", rating_tag(inspection.overall_rating)),
            ("Score", _score(inspection)),
        ]
    rows = []
    if report.region is not None:
        rows.append(("Region", report.region.name))
        rows.append(("PDUs", f"{len(report.sections)}, each at its latest inspection"))
    else:
        rows.append(("Filters", "; ".join(report.notes) or "None: every recommendation you see"))
        rows.append(("PDUs", str(len({s.inspection.pdu_id for s in report.sections}))))
    return rows


def _score(inspection) -> str:
    if inspection.score is None:
        return "Not scored"
    framework = inspection.framework
    return (
        f"{inspection.score} out of {framework.max_score}" if framework else str(inspection.score)
    )


def _pdu_table(report: ProgressReport) -> list:
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
                str(section.overdue_actions),
            ]
        )
    # The names, months and ratings wrap between words only, as the headings do (a name's
    # longest word up to a limit: past it, a word is broken rather than the table overflow).
    names = min(max(_word(section.pdu) for section in report.sections), 35 * mm)
    least = [names, MONTH, _word("improvement")]
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


def _chart(report: ProgressReport) -> list:
    weeks = report.weeks[-CHART_WEEKS:]
    if not weeks:
        return []
    first = weeks[0].ending
    return [
        para("Status over time", "h2"),
        para(
            f"Recommendations at each status at the end of each week, from the week ending "
            f"{day_label(first)} to {day_label(report.as_at)}. From the bottom: "
            + ", ".join(status_label(s) for s in STATUSES)
            + ".",
            "small",
        ),
        Spacer(1, 2 * mm),
        status_chart(weeks),
    ]


def cover(report: ProgressReport) -> list:
    story = [
        para("Inspection recommendations tracker: progress report", "small"),
        Spacer(1, 3 * mm),
        para(report.title, "title"),
        para(f"As at {day_label(report.as_at)}", "as_at"),
        facts(_scope_facts(report)),
    ]
    if not report.sections:
        return [*story, Spacer(1, 6 * mm), para("No recommendations to report.", "body")]
    story += [Spacer(1, 8 * mm), *headline_figures(_counts(report.sections))]
    story += _chart(report)
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
    if report.several_pdus:
        story += _pdu_table(report)
    return story


# Each inspection


def _ratings_panel(section: Section) -> list:
    rows = []
    for standard in section.inspection.standards.all():
        questions = "\n".join(
            f"{kq.text} {kq.percent_yes}% ({section.key_question_band(kq.percent_yes)})"
            for kq in standard.key_questions.all()
        )
        rows.append([f"{standard.code} {standard.name}", rating_tag(standard.rating), questions])
    if not rows:
        return []
    headings = ["Standard", "Rating", "Key questions (% Yes, band)"]
    widths = fit_widths(
        headings, [1, 0, 2.2], least=[0, Tag.width_of(Rating.REQUIRES_IMPROVEMENT.label)]
    )
    return [para("Ratings", "h2"), table(headings, rows, widths)]


def _actions_summary(row: Row, as_at: datetime.date) -> str:
    if not row.actions:
        return "None"
    overdue = sum(a.is_overdue(as_at) for a in row.actions)
    text = f"{len(row.actions)}"
    return text + (f", {overdue} overdue" if overdue else "")


def _response(row: Row) -> str:
    response = row.plan.response
    return Response(response).label if response in Response.values else "Not recorded"


def _latest_work(row: Row) -> str:
    if not row.updates:
        return "No updates recorded"
    latest = row.updates[0]
    text = latest.what_was_done + (f" Impact: {latest.impact}" if latest.impact else "")
    return f"{_date(latest.created_at.date())}: {_shorten(text)}"


def _overview(report: ProgressReport, section: Section) -> list:
    if report.layout == PREVIOUS_RECOMMENDATIONS:
        headings = [
            "No.",
            "Recommendation",
            "Action taken and impact (latest)",
            "Categorisation",
            "Improvement still required?",
            "Status",
        ]
        rows = [
            [
                str(row.recommendation.number),
                _shorten(row.recommendation.text),
                _latest_work(row),
                progress_tag(row.position.progress),
                row.improvement_label,
                status_tag(row.position.status),
            ]
            for row in section.rows
        ]
        least = [0, 0, 0, Tag.width_of(Categorisation.SUFFICIENT.label), 0, WIDEST_STATUS_TAG]
        widths = fit_widths(headings, [0, 3, 4, 0, 0, 0], least=least)
        heading = "Progress on recommendations"
    else:
        headings = [
            "No.",
            "Recommendation",
            "Agreed / Partly agreed / Not agreed",
            "Actions",
            "Owner",
            "Target date",
            "Status",
            "RAG",
        ]
        rows = [
            [
                str(row.recommendation.number),
                _shorten(row.recommendation.text),
                _response(row),
                _actions_summary(row, report.as_at),
                _shorten(row.plan.owner, 80) or "Not recorded",
                _date(row.plan.target_date, "Not set"),
                status_tag(row.position.status),
                rag_tag(row.position.rag),
            ]
            for row in section.rows
        ]
        least = [0, 0, RESPONSE, _word("overdue"), 0, MONTH, WIDEST_STATUS_TAG, WIDEST_RAG_TAG]
        widths = fit_widths(headings, [0, 6, 1.2, 0.5, 2, 0.6, 0, 0], least=least)
        heading = "Action plan"
    return [para(heading, "h2"), table(headings, rows, widths)]


def _decision(row: Row) -> list:
    decision = row.decision
    return [para(decision.decision), para(f"Recorded {_date(decision.created_at.date())}", "small")]


def _paragraphs(text: str, style: str = "cell") -> list[Paragraph]:
    """One paragraph per line of `text`, so that a long entry can split between them too."""
    lines = [line for line in _clean(text).split("\n") if line.strip()]
    return [para(line, style) for line in lines] or [para("")]


def _lines(text: str) -> str | list[Paragraph]:
    """A text for a cell: as it is if one line, else a paragraph per line."""
    return _paragraphs(text) if "\n" in text else text


def _actions(row: Row, as_at: datetime.date) -> list:
    title = f"Actions ({_actions_summary(row, as_at).lower()})" if row.actions else "Actions"
    story = [para(title, "h3")]
    if not row.actions:
        return [*story, para("No actions recorded.", "small")]
    headings = ["Action", "Owner", "Due", "Status"]
    rows = []
    for action in row.actions:
        due = _date(action.due_date)
        if action.is_overdue(as_at):
            due = [para(due), para("Overdue", "overdue")]
        rows.append([_lines(action.description), action.owner, due, action.status_label])
    widths = fit_widths(headings, [5, 2, 1.2, 1], least=[0, 0, MONTH, _word("progress")])
    return [*story, table(headings, rows, widths)]


def _updates(row: Row) -> list:
    title = "Latest updates from the PDU" + (
        f" (the {len(row.updates)} most recent)" if len(row.updates) > 1 else ""
    )
    story = [para(title, "h3")]
    if not row.updates:
        return [*story, para("No updates recorded.", "small")]
    headings = ["Date", "By", "What was done", "Impact", "Status"]
    rows = [
        [
            _date(update.created_at.date()),
            update.author,
            _lines(update.what_was_done),
            _lines(update.impact),
            status_tag(update.status),
        ]
        for update in row.updates
    ]
    widths = fit_widths(headings, [1, 1, 5, 3, 0], least=[MONTH, 0, 0, 0, WIDEST_STATUS_TAG])
    return [*story, table(headings, rows, widths)]


def _indicators(row: Row) -> list:
    if not row.indicators:
        return []
    headings = ["Indicator", "Baseline", "Target", "Latest", "Direction"]
    rows = [
        [
            i.name,
            f"{i.baseline} ({_date(i.baseline_date)})",
            i.target + (f" by {_date(i.target_date)}" if i.target_date else ""),
            i.latest_display + (f" ({_date(i.latest.date)})" if i.latest else ""),
            i.direction,
        ]
        for i in row.indicators
    ]
    widths = fit_widths(headings, [3, 2, 2, 2, 1])
    return [para("Indicators", "h3"), table(headings, rows, widths)]


def _recommendation(report: ProgressReport, row: Row) -> list:
    rec = row.recommendation
    plan = [
        ("Response", row.response_label),
        ("Owner", row.plan.owner or "Not recorded"),
        ("Target date", _date(row.plan.target_date, "Not set")),
        ("Status", status_tag(row.position.status)),
        ("RAG", rag_tag(row.position.rag)),
        ("Progress judgement", progress_tag(row.position.progress)),
        ("Improvement still required?", row.improvement_label),
    ]
    if row.decision:
        plan.append(("Regional lead's decision", _decision(row)))
    if row.later:
        later = row.later
        plan += [
            ("Reviewed at the next inspection", f"{later.review.inspection.published:%B %Y}"),
            ("PDU's judgement before its fieldwork", later.self_assessed_label),
            ("Inspectorate's categorisation", later.categorisation_label),
            ("Inspectorate: improvement still required?", later.improvement_label),
        ]
    return [
        CondPageBreak(45 * mm),
        para(f"Recommendation {rec.number}", "h2"),
        *_paragraphs(rec.text, "body"),
        facts([(key, _lines(v) if isinstance(v, str) else v) for key, v in plan]),
        *_actions(row, report.as_at),
        *_updates(row),
        *_indicators(row),
    ]


def section_story(report: ProgressReport, section: Section) -> list:
    inspection = section.inspection
    summary = (
        f"{inspection.pdu.region.name}. Overall rating {section.rating_label}"
        + (f", score {_score(inspection)}" if inspection.score is not None else "")
        + f". As at {day_label(report.as_at)}: "
        + "; ".join(f"{label} {n}" for label, n in section.by_status)
        + f". Overdue actions: {section.overdue_actions}."
    )
    story = [
        para(f"{section.pdu} PDU: inspection published {inspection.published:%B %Y}", "h1"),
        para(summary, "body"),
    ]
    story += _ratings_panel(section)
    story += _overview(report, section)
    for row in section.rows:
        story += _recommendation(report, row)
    return story


# The document


class _FooterCanvas(Canvas):
    """A canvas that holds its pages back until it knows how many there are, then writes
    "Page N of M" and the report's footer on each."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setStrokeColor(BORDER)
            self.setLineWidth(0.5)
            self.line(MARGIN, 12 * mm, PAGE_WIDTH - MARGIN, 12 * mm)
            self.setFont(FONT, 8)
            self.setFillColor(GREY_TEXT)
            self.drawString(MARGIN, 8 * mm, self._footer)
            self.drawRightString(PAGE_WIDTH - MARGIN, 8 * mm, f"Page {number} of {total}")
            self.restoreState()
            super().showPage()
        super().save()


def footer_text(report: ProgressReport) -> str:
    """The title and the as-at date, the title shortened to leave room for the page number."""
    as_at = f". As at {day_label(report.as_at)}"
    room = TEXT_WIDTH - stringWidth("Page 9999 of 9999", FONT, 8) - 10 * mm
    title = " ".join(_clean(report.title).split())
    if stringWidth(title + as_at, FONT, 8) <= room:
        return title + as_at
    title = title[:200]
    while title and stringWidth(title + "…" + as_at, FONT, 8) > room:
        title = title[:-1]
    return title.rstrip() + "…" + as_at


def story(report: ProgressReport) -> list[Flowable]:
    flowables = cover(report)
    for section in report.sections:
        flowables.append(PageBreak())
        flowables += section_story(report, section)
    return flowables


def render(report: ProgressReport) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=_clean(report.title),
        subject=f"As at {day_label(report.as_at)}",
        author="Inspection recommendations tracker",
    )
    document.build(
        story(report), canvasmaker=functools.partial(_FooterCanvas, footer=footer_text(report))
    )
    return buffer.getvalue()


def pdf_response(report: ProgressReport) -> HttpResponse:
    response = HttpResponse(render(report), content_type=CONTENT_TYPES["pdf"])
    return _attachment(response, report.filename("pdf"))
