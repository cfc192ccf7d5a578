"""The PDF's building blocks: page, type and colours, tags, tables that always fit, the footer."""

import datetime
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from inspections.models import Categorisation, Rating
from recommendations.labels import NOT_JUDGED, NOT_RATED
from recommendations.models import RAG, ActionStatus, Status
from recommendations.templatetags.tracker import (
    JUDGEMENT_COLOURS,
    RAG_COLOURS,
    RATING_COLOURS,
    STATUS_COLOURS,
)
from reporting.charts import day_label
from reporting.export_data import ExportData
from reporting.exports.columns import ILLEGAL_CHARACTERS
from reporting.status_over_time import RAGS, STATUSES, rag_label, status_label

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


def clean(text) -> str:
    return SURROGATES.sub("", ILLEGAL_CHARACTERS.sub("", str(text)))


def para(text, style: str | ParagraphStyle = "cell") -> Paragraph:
    """A paragraph of plain text: escaped for ReportLab's markup, line breaks kept."""
    style = STYLES[style] if isinstance(style, str) else style
    return Paragraph(xml_escape(clean(text)).replace("\n", "<br/>"), style)


def date_text(day: datetime.date | None, empty: str = "") -> str:
    return day_label(day) if day else empty


def shorten(text: str, limit: int = OVERVIEW_CHARACTERS) -> str:
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
        return para(NOT_RATED)
    return Tag(Rating(rating).label, RATING_COLOURS[Rating(rating)])


def judgement_tag(judgement: str) -> Tag | Paragraph:
    if not judgement:
        return para(NOT_JUDGED)
    return Tag(Categorisation(judgement).label, JUDGEMENT_COLOURS[Categorisation(judgement)])


def word_width(text: str, style: str = "cell") -> float:
    """The width of the longest word of `text`: the narrowest it can wrap to, unbroken."""
    font = STYLES[style]
    return max((stringWidth(w, font.fontName, font.fontSize) for w in text.split()), default=0)


# The longest words that fixed texts put in a cell: a month, a response, an action's status.
MONTH = word_width("September")
RESPONSE = word_width("recorded")
ACTION_STATUS = max(word_width(label) for label in ActionStatus.labels)
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
    heads = [word_width(h, "head") + padding for h in headings]
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
    draws without parsing or wrapping it (a region's export has tens of thousands of cells);
    any other text becomes a paragraph that wraps."""
    if isinstance(value, Flowable | list):
        return value
    text = day_label(value) if isinstance(value, datetime.date) else clean(value or "")
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


# The document


class FooterCanvas(Canvas):
    """A canvas that holds its pages back until it knows how many there are, then writes
    "Page N of M" and the export's footer on each."""

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


def footer_text(export: ExportData) -> str:
    """The title and the as-at date, the title shortened to leave room for the page number."""
    as_at = f". As at {day_label(export.as_at)}"
    room = TEXT_WIDTH - stringWidth("Page 9999 of 9999", FONT, 8) - 10 * mm
    title = " ".join(clean(export.title).split())
    if stringWidth(title + as_at, FONT, 8) <= room:
        return title + as_at
    title = title[:200]
    while title and stringWidth(title + "…" + as_at, FONT, 8) > room:
        title = title[:-1]
    return title.rstrip() + "…" + as_at
