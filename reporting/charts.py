"""Accessible SVG charts drawn on the server.

Every chart is `role="img"` with a `<title>` (and a `<desc>` where useful) named by
`aria-labelledby`, and each page shows the same figures in a table. Colour is never the
only cue: statuses also differ by pattern, stack in a fixed order and are named in a legend.
The Content-Security-Policy forbids inline styles, so shapes are coloured with SVG
presentation attributes (`fill=`), which it allows, and text takes the `app-chart` classes.
All text passes through `format_html` or `_escape` (`html.escape`, as Django's `escape`).
"""

import datetime
import functools
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from recommendations.models import Status

from .progress import (
    RAGS,
    STATUSES,
    Strip,
    Week,
    clip_strip,
    status_changes,
    status_label,
    status_strips,
)

# GOV.UK Frontend's palette, matching the tags (`recommendations.templatetags.tracker`).
STATUS_FILLS = {
    Status.NOT_STARTED: "#b1b4b6",
    Status.IN_PROGRESS: "#1d70b8",
    Status.COMPLETE: "#54319f",
    Status.VERIFIED: "#00703c",
}
# A second cue beside colour: a pattern drawn over the fill.
STATUS_PATTERNS = {
    Status.NOT_STARTED: None,
    Status.IN_PROGRESS: "stripes",
    Status.COMPLETE: "dots",
    Status.VERIFIED: None,
}


def _escape(value) -> str:
    """Django's `escape` without its lazy-string wrapper (hundreds of calls a page)."""
    return html.escape(str(value))


def _number(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


@functools.cache
def _plain_fields(template: str) -> str:
    return re.sub(r"\{:\.\df\}", "{}", template)


def _svg(template: str, *args, **kwargs) -> SafeString:
    """`format_html`, with floats written to two decimal places (it cannot take "{:.1f}")."""
    return format_html(
        _plain_fields(template), *map(_number, args), **{k: _number(v) for k, v in kwargs.items()}
    )


@functools.lru_cache(maxsize=4096)
def day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@functools.cache
def _pattern_body(status: str) -> str:
    """A status's pattern, after its id: a tile of its colour with white stripes or dots."""
    if STATUS_PATTERNS[status] == "stripes":
        mark = '<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/>'
        transform = ' patternTransform="rotate(45)"'
    else:
        mark = '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>'
        transform = ""
    return (
        f'" width="8" height="8" patternUnits="userSpaceOnUse"{transform}>'
        f'<rect width="8" height="8" fill="{STATUS_FILLS[status]}"/>{mark}</pattern>'
    )


def _patterns(prefix: str, statuses: Sequence[str] = STATUSES) -> SafeString:
    """The patterns of `statuses` (those that have one), with ids made from `prefix`."""
    prefix = _escape(prefix)
    defs = "".join(
        f'<pattern id="{prefix}-{status}{_pattern_body(status)}'
        for status in statuses
        if STATUS_PATTERNS[status]
    )
    return mark_safe(f"<defs>{defs}</defs>" if defs else "")


def status_fill(status: str, prefix: str) -> str:
    if STATUS_PATTERNS[status]:
        return f"url(#{prefix}-{status})"
    return STATUS_FILLS[status]


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


def status_chart_svg(
    weeks: Sequence[Week], *, title: str, chart_id: str, layout: ChartLayout = WIDE
) -> SafeString:
    """A stacked bar per week: how many recommendations stood at each status.

    Every label's box is worked out before it is placed (`text_width`), so none is clipped
    by the canvas: the value axis is as wide as its widest number, the date labels sit
    level in two lines, clamped inside the edges, and the legend wraps in columns.
    """
    chart_id = f"{chart_id}-{layout.name}"
    font = layout.font_size
    line = round(font * 1.25)
    maximum = max((w.total for w in weeks), default=0) or 1
    step = _tick_step(maximum, layout.value_ticks)
    top_value = math.ceil(maximum / step) * step
    left = math.ceil(text_width(str(top_value), font)) + 10
    width, right, top = layout.width, layout.right, layout.top
    plot_w, plot_h = width - left - right, layout.plot_height
    plot_bottom = top + plot_h
    legend_rows = math.ceil(len(STATUSES) / layout.legend_columns)
    legend_top = plot_bottom + 8 + 2 * line + line // 2
    height = legend_top + legend_rows * line + 8
    count = max(len(weeks), 1)
    slot = plot_w / count
    bar = max(slot * 0.8, 1)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / top_value

    parts = [_patterns(chart_id)]
    for value in range(0, top_value + 1, step):
        parts.append(
            _svg(
                '<line class="app-chart__axis" x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" '
                'stroke="currentColor" stroke-opacity="0.2"/>'
                '<text class="app-chart__label" x="{}" y="{:.1f}" text-anchor="end" '
                'font-size="{}" fill="currentColor">{}</text>',
                left,
                y(value),
                width - right,
                y(value),
                left - 6,
                y(value) + font * 0.35,
                font,
                value,
            )
        )
    # A bar per week and status: formatted directly (hundreds of them), the text escaped.
    fills = {status: _escape(status_fill(status, chart_id)) for status in STATUSES}
    labels = {status: _escape(status_label(status)) for status in STATUSES}
    bar_width = _number(bar)
    labelled = date_labels(
        [left + (index + 0.5) * slot for index in range(len(weeks))],
        text_width("30 Sep", font),
        width,
    )
    for index, week in enumerate(weeks):
        x = left + index * slot + (slot - bar) / 2
        bar_x = _number(x)
        when = _escape(("As at " if week.is_as_at else "Week ending ") + day_label(week.ending))
        base = 0
        for status in STATUSES:
            value = int(week.by_status[status])
            if not value:
                continue
            parts.append(
                f'<rect x="{bar_x}" y="{_number(y(base + value))}" width="{bar_width}" '
                f'height="{_number(y(base) - y(base + value))}" fill="{fills[status]}">'
                f"<title>{when}: {value} {labels[status]}</title></rect>"
            )
            base += value
        if index in labelled:
            day, year = date_label_lines(week.ending)
            centre = labelled[index]
            parts.append(
                _svg(
                    '<text class="app-chart__label" x="{:.1f}" y="{}" text-anchor="middle" '
                    'font-size="{}" fill="currentColor">{}'
                    '<tspan x="{:.1f}" dy="{}">{}</tspan></text>',
                    centre,
                    plot_bottom + 8 + line,
                    font,
                    day,
                    centre,
                    line,
                    year,
                )
            )
    parts.append(
        _svg(
            '<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>',
            left,
            plot_bottom,
            width - right,
            plot_bottom,
        )
    )
    column = width / layout.legend_columns
    swatch = round(font * 0.9)
    for index, status in enumerate(STATUSES):
        row, col = divmod(index, layout.legend_columns)
        lx, ly = 4 + col * column, legend_top + row * line
        parts.append(
            _svg(
                '<rect x="{:.1f}" y="{}" width="{}" height="{}" fill="{}" stroke="currentColor" '
                'stroke-width="0.5"/><text class="app-chart__label" x="{:.1f}" y="{}" '
                'font-size="{}" fill="currentColor">{}</text>',
                lx,
                ly + line - swatch - 4,
                swatch,
                swatch,
                status_fill(status, chart_id),
                lx + swatch + 6,
                ly + line - 4,
                font,
                status_label(status),
            )
        )
    if weeks:
        last = weeks[-1]
        summary = "; ".join(f"{n} {label}" for label, n in last.status_counts())
        desc = (
            f"Stacked bars, one per week from {day_label(weeks[0].ending)} to "
            f"{day_label(last.ending)}. As at {day_label(last.ending)}: {summary}. "
            "The table below gives every week's figures."
        )
    else:
        desc = "No recommendations to show."
    return _svg(
        '<svg class="app-chart app-chart--{layout}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        layout=layout.name,
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),
    )


def strip_chart(strip: Strip, *, chart_id: str, title: str) -> SafeString:
    """One recommendation's status over time as a single bar of coloured, patterned runs.

    Drawn with plain string formatting (a region's page has a hundred or more of these):
    every piece of text in it is escaped.
    """
    width, height = 600, 20
    total = max(strip.days, 1)
    cid = _escape(chart_id)
    rects = []
    x = 0.0
    for segment in strip.segments:
        w = width * segment.days / total
        rects.append(
            f'<rect x="{_number(x)}" y="0" width="{_number(w)}" height="{height}" '
            f'fill="{status_fill(segment.status, cid)}"><title>{_escape(segment.label)}: '
            f"{day_label(segment.start)} to {day_label(segment.end)}</title></rect>"
        )
        x += w
    used = {segment.status for segment in strip.segments}
    return mark_safe(
        f'<svg class="app-chart app-chart--strip" role="img" aria-labelledby="{cid}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'preserveAspectRatio="none" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{_escape(title)}</title>'
        f"{_patterns(chart_id, [s for s in STATUSES if s in used])}{''.join(rects)}</svg>"
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
        "".join(_svg('<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/>', *xy) for xy in coords)
    )
    return _svg(
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


def status_strip_rows(
    recommendations,
    updates,
    as_at: datetime.date,
    *,
    show_pdu: bool = False,
    first_day: datetime.date | None = None,
) -> list[dict]:
    """What `reporting/_status_strip.html` expects as `strips`: one row per recommendation.

    Each recommendation needs `.inspection.pdu` and `.inspection.published` loaded;
    `updates` comes from `statuses_by_recommendation` (or `updates_by_recommendation`).
    A row holds the recommendation, its strip (from `first_day`, if later than its
    publication), the strip drawn as SVG, and its PDU's name where `show_pdu` (pages that
    cover several PDUs name it in each heading); the template writes the rest.
    """
    rows = []
    for strip in status_strips(recommendations, updates, as_at):
        strip = clip_strip(strip, first_day)
        rec = strip.recommendation
        pdu = rec.inspection.pdu.name
        title = f"Recommendation {rec.number} of {pdu}: " + "; ".join(
            f"{s.label} from {day_label(s.start)} to {day_label(s.end)}" for s in strip.segments
        )
        rows.append(
            {
                "recommendation": rec,
                "strip": strip,
                "chart": strip_chart(strip, chart_id=f"strip-{rec.pk}", title=title),
                "pdu": pdu if show_pdu else "",
            }
        )
    return rows


def strips_for_recommendation(recommendation, as_at: datetime.date | None = None) -> list[dict]:
    """The strip of one recommendation (for its own page), in one query for its status changes."""
    as_at = as_at or timezone.localdate()
    changes = status_changes([recommendation.pk])
    return status_strip_rows([recommendation], changes.rows, as_at)


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
