"""Accessible SVG charts drawn on the server.

Every chart is `role="img"` with a `<title>` (and a `<desc>` where useful) named by
`aria-labelledby`, and each page shows the same figures in a table. Colour is never the
only cue: statuses also differ by pattern, stack in a fixed order and are named in a legend.
The Content-Security-Policy forbids inline styles, so shapes are coloured with SVG
presentation attributes (`fill=`), which it allows, and text takes the `app-chart` classes.
All text passes through `reporting.svg` (`svg`, `escape`); the strips are in `reporting.strips`.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from .status_over_time import RAGS, STATUSES, Week, status_label
from .strips import status_strip_rows as status_strip_rows
from .strips import strip_chart as strip_chart
from .strips import strips_for_recommendation as strips_for_recommendation
from .svg import STATUS_FILLS as STATUS_FILLS
from .svg import day_label, escape, number, patterns, status_fill, svg


def _tick_step(maximum: int, ticks: int) -> int:
    """A round step for the value axis that gives at most `ticks` steps up to `maximum`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if maximum / step <= ticks:
            return step
    return math.ceil(maximum / ticks)


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of `text`'s width in Arial: no character of it is wider than 0.65 em
    on average (digits are 0.56 em), so the chart leaves room for labels without measuring them."""
    return len(text) * font_size * 0.65


@dataclass(frozen=True)
class ChartLayout:
    """One rendering of the status chart: its canvas in user units and the size of its text.

    The page carries two, shown by CSS at different widths (`frontend/_charts.scss`): a wide
    one drawn at its own size, and a narrow one drawn across a phone's width, with fewer
    ticks and date labels and text that stays about 16 px high there.
    """

    name: str
    width: int
    plot_height: int
    font_size: int
    value_ticks: int
    legend_columns: int
    right: int = 8
    top: int = 16  # room above the top value's label, which is centred on its line


WIDE = ChartLayout(
    "wide", width=720, plot_height=220, font_size=16, value_ticks=6, legend_columns=4
)
NARROW = ChartLayout(
    "narrow", width=320, plot_height=220, font_size=18, value_ticks=4, legend_columns=2
)
LAYOUTS = (WIDE, NARROW)


def date_label_lines(day: datetime.date) -> tuple[str, str]:
    """A week's label on the chart, in two short lines: "3 Nov" over "2024"."""
    return f"{day.day} {day:%b}", str(day.year)


def date_labels(centres: Sequence[float], label_width: float, width: float) -> dict[int, float]:
    """Where the bars' date labels go: {bar's index: label's centre}.

    The last bar (the "as at" week) always has one, then every n-th bar before it, n being the
    fewest bars that keep one label clear of the next. A label is kept inside the canvas (the
    first and last may move in from their bars), and dropped if that brings it too near the
    label after it.
    """
    gap = label_width + 8
    half = label_width / 2
    if not centres:
        return {}
    slot = centres[1] - centres[0] if len(centres) > 1 else gap
    every = max(1, math.ceil(gap / slot))
    placed: dict[int, float] = {}
    following = math.inf
    for index in range(len(centres) - 1, -1, -every):
        centre = min(max(centres[index], half + 2), width - half - 2)
        if following - centre >= gap:
            placed[index] = following = centre
    return placed


def status_chart(weeks: Sequence[Week], *, title: str, chart_id: str) -> SafeString:
    """The stacked bar chart in both renderings, wide then narrow (CSS shows one of them)."""
    return mark_safe(
        "".join(
            status_chart_svg(weeks, title=title, chart_id=chart_id, layout=layout)
            for layout in LAYOUTS
        )
    )


@dataclass(frozen=True)
class ChartFrame:
    """Where the status chart's parts go in one rendering, worked out before any is drawn."""

    chart_id: str
    layout: ChartLayout
    left: int
    top_value: int
    step: int
    slot: float
    bar: float

    @property
    def font(self) -> int:
        return self.layout.font_size

    @property
    def line(self) -> int:
        return round(self.font * 1.25)

    @property
    def plot_bottom(self) -> int:
        return self.layout.top + self.layout.plot_height

    @property
    def legend_top(self) -> int:
        return self.plot_bottom + 8 + 2 * self.line + self.line // 2

    @property
    def height(self) -> int:
        rows = math.ceil(len(STATUSES) / self.layout.legend_columns)
        return self.legend_top + rows * self.line + 8

    @property
    def right_edge(self) -> int:
        return self.layout.width - self.layout.right

    def y(self, value: float) -> float:
        plot_h = self.layout.plot_height
        return self.layout.top + plot_h - plot_h * value / self.top_value


def chart_frame(weeks: Sequence[Week], chart_id: str, layout: ChartLayout) -> ChartFrame:
    """The value axis as wide as its widest number, and a slot per week across the rest."""
    maximum = max((w.total for w in weeks), default=0) or 1
    step = _tick_step(maximum, layout.value_ticks)
    top_value = math.ceil(maximum / step) * step
    left = math.ceil(text_width(str(top_value), layout.font_size)) + 10
    slot = (layout.width - left - layout.right) / max(len(weeks), 1)
    return ChartFrame(
        f"{chart_id}-{layout.name}", layout, left, top_value, step, slot, max(slot * 0.8, 1)
    )


def _value_axis(frame: ChartFrame) -> list[SafeString]:
    """A faint line and its number at each step of the value axis."""
    return [
        svg(
            '<line class="app-chart__axis" x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" '
            'stroke="currentColor" stroke-opacity="0.2"/>'
            '<text class="app-chart__label" x="{}" y="{:.1f}" text-anchor="end" '
            'font-size="{}" fill="currentColor">{}</text>',
            frame.left,
            frame.y(value),
            frame.right_edge,
            frame.y(value),
            frame.left - 6,
            frame.y(value) + frame.font * 0.35,
            frame.font,
            value,
        )
        for value in range(0, frame.top_value + 1, frame.step)
    ]


def _weeks(weeks: Sequence[Week], frame: ChartFrame) -> list[str]:
    """Each week's bar, then its date label where one fits; then the axis beneath them."""
    fills = {status: escape(status_fill(status, frame.chart_id)) for status in STATUSES}
    labels = {status: escape(status_label(status)) for status in STATUSES}
    labelled = date_labels(
        [frame.left + (index + 0.5) * frame.slot for index in range(len(weeks))],
        text_width("30 Sep", frame.font),
        frame.layout.width,
    )
    parts = []
    for index, week in enumerate(weeks):
        parts.extend(_bar(index, week, frame, fills, labels))
        if index in labelled:
            parts.append(_date_label(week.ending, labelled[index], frame))
    parts.append(
        svg(
            '<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>',
            frame.left,
            frame.plot_bottom,
            frame.right_edge,
            frame.plot_bottom,
        )
    )
    return parts


def _bar(index: int, week: Week, frame: ChartFrame, fills: dict, labels: dict) -> list[str]:
    """A week's stacked bar, a rectangle per status: formatted directly (hundreds of them a
    chart), the text escaped."""
    bar_x = number(frame.left + index * frame.slot + (frame.slot - frame.bar) / 2)
    bar_width = number(frame.bar)
    when = escape(("As at " if week.is_as_at else "Week ending ") + day_label(week.ending))
    parts, base = [], 0
    for status in STATUSES:
        value = int(week.by_status[status])
        if not value:
            continue
        top = frame.y(base + value)
        parts.append(
            f'<rect x="{bar_x}" y="{number(top)}" width="{bar_width}" '
            f'height="{number(frame.y(base) - top)}" fill="{fills[status]}">'
            f"<title>{when}: {value} {labels[status]}</title></rect>"
        )
        base += value
    return parts


def _date_label(day: datetime.date, centre: float, frame: ChartFrame) -> SafeString:
    """A week's date in two lines ("3 Nov" over "2024") beneath its bar."""
    month_day, year = date_label_lines(day)
    return svg(
        '<text class="app-chart__label" x="{:.1f}" y="{}" text-anchor="middle" '
        'font-size="{}" fill="currentColor">{}'
        '<tspan x="{:.1f}" dy="{}">{}</tspan></text>',
        centre,
        frame.plot_bottom + 8 + frame.line,
        frame.font,
        month_day,
        centre,
        frame.line,
        year,
    )


def _legend(frame: ChartFrame) -> list[SafeString]:
    """Each status's swatch and name, in the layout's columns."""
    column = frame.layout.width / frame.layout.legend_columns
    swatch = round(frame.font * 0.9)
    parts = []
    for index, status in enumerate(STATUSES):
        row, col = divmod(index, frame.layout.legend_columns)
        lx, ly = 4 + col * column, frame.legend_top + row * frame.line
        parts.append(
            svg(
                '<rect x="{:.1f}" y="{}" width="{}" height="{}" fill="{}" stroke="currentColor" '
                'stroke-width="0.5"/><text class="app-chart__label" x="{:.1f}" y="{}" '
                'font-size="{}" fill="currentColor">{}</text>',
                lx,
                ly + frame.line - swatch - 4,
                swatch,
                swatch,
                status_fill(status, frame.chart_id),
                lx + swatch + 6,
                ly + frame.line - 4,
                frame.font,
                status_label(status),
            )
        )
    return parts


def _chart_description(weeks: Sequence[Week]) -> str:
    if not weeks:
        return "No recommendations to show."
    last = weeks[-1]
    summary = "; ".join(f"{n} {label}" for label, n in last.status_counts())
    return (
        f"Stacked bars, one per week from {day_label(weeks[0].ending)} to "
        f"{day_label(last.ending)}. As at {day_label(last.ending)}: {summary}. "
        "The table below gives every week's figures."
    )


def status_chart_svg(
    weeks: Sequence[Week], *, title: str, chart_id: str, layout: ChartLayout = WIDE
) -> SafeString:
    """A stacked bar per week: how many recommendations stood at each status.

    Every label's box is worked out before it is placed (`text_width`), so none is clipped
    by the canvas: the value axis is as wide as its widest number, the date labels sit
    level in two lines, clamped inside the edges, and the legend wraps in columns.
    """
    frame = chart_frame(weeks, chart_id, layout)
    parts = [
        patterns(frame.chart_id),
        *_value_axis(frame),
        *_weeks(weeks, frame),
        *_legend(frame),
    ]
    return svg(
        '<svg class="app-chart app-chart--{layout}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        layout=layout.name,
        id=frame.chart_id,
        w=layout.width,
        h=frame.height,
        title=title,
        desc=_chart_description(weeks),
        body=mark_safe("".join(parts)),
    )


def sparkline(
    points: Sequence[tuple[datetime.date, Decimal]], *, chart_id: str, title: str
) -> SafeString:
    """A small line through an indicator's baseline and measurements, oldest first."""
    width, height, pad = 120, 32, 4
    if not points:
        return SafeString("")
    values = [float(v) for _, v in points]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    first_day = points[0][0]
    days = max((points[-1][0] - first_day).days, 1)
    coords = []
    for day, value in points:
        px = pad + (width - 2 * pad) * ((day - first_day).days / days if len(points) > 1 else 0.5)
        py = pad + (height - 2 * pad) * (1 - (float(value) - low) / spread)
        coords.append((px, py))
    polyline = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
    dots = mark_safe(
        "".join(svg('<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/>', *xy) for xy in coords)
    )
    return svg(
        '<svg class="app-chart app-chart--sparkline" role="img" aria-labelledby="{id}-title" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>'
        '<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        "{dots}</svg>",
        id=chart_id,
        w=width,
        h=height,
        title=title,
        points=polyline,
        dots=dots,
    )


def weekly_table_rows(weeks: Sequence[Week]) -> list[dict]:
    """The rows of the table beneath the status chart, for `reporting/status.html`.

    Each: the week's last day, whether it is a part week ending on the "as at" day, and the
    count at each status and at each RAG, in the order of the headings.
    """
    return [
        {
            "ending": week.ending,
            "part_week": week.is_as_at and week.ending.weekday() != 6,
            "counts": [week.by_status[s] for s in STATUSES] + [week.by_rag[r] for r in RAGS],
        }
        for week in weeks
    ]
