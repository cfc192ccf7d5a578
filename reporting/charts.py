"""Accessible SVG charts drawn on the server.

Every chart is `role="img"` with a `<title>` (and a `<desc>` where useful) named by
`aria-labelledby`, and each page shows the same figures in a table. Colour is never the
only cue: statuses also differ by pattern, stack in a fixed order and are named in a legend.
The Content-Security-Policy forbids inline styles, so shapes are coloured with SVG
presentation attributes (`fill=`), which it allows, and text takes the `app-chart` classes.
All text passes through `format_html`/`escape`.
"""

import datetime
import math
import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from recommendations.models import Status

from .progress import (
    STATUSES,
    Strip,
    Week,
    status_label,
    status_strips,
    updates_by_recommendation,
)

# GOV.UK Frontend's palette, matching the tags (`inspections.templatetags.tracker`).
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


def _number(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


def _svg(template: str, *args, **kwargs) -> SafeString:
    """`format_html`, with floats written to two decimal places (it cannot take "{:.1f}")."""
    template = re.sub(r"\{:\.\df\}", "{}", template)
    return format_html(template, *map(_number, args), **{k: _number(v) for k, v in kwargs.items()})


def day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%b %y}"


def _patterns(prefix: str) -> SafeString:
    defs = []
    for status, kind in STATUS_PATTERNS.items():
        if kind is None:
            continue
        colour = STATUS_FILLS[status]
        if kind == "stripes":
            mark = '<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/>'
            transform = ' patternTransform="rotate(45)"'
        else:
            mark = '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>'
            transform = ""
        defs.append(
            _svg(
                '<pattern id="{}-{}" width="8" height="8" patternUnits="userSpaceOnUse"{}>'
                '<rect width="8" height="8" fill="{}"/>{}</pattern>',
                prefix,
                status,
                mark_safe(transform),
                colour,
                mark_safe(mark),
            )
        )
    return mark_safe("<defs>" + "".join(defs) + "</defs>")


def status_fill(status: str, prefix: str) -> str:
    if STATUS_PATTERNS[status]:
        return f"url(#{prefix}-{status})"
    return STATUS_FILLS[status]


def _tick_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if maximum / step <= 6:
            return step
    return math.ceil(maximum / 6)


def status_chart(weeks: Sequence[Week], *, title: str, chart_id: str) -> SafeString:
    """A stacked bar per week: how many recommendations stood at each status."""
    width, height = 720, 340
    left, right, top, bottom = 44, 12, 16, 92
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max((w.total for w in weeks), default=0) or 1
    step = _tick_step(maximum)
    top_value = math.ceil(maximum / step) * step
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
                'font-size="14" fill="currentColor">{}</text>',
                left,
                y(value),
                width - right,
                y(value),
                left - 6,
                y(value) + 5,
                value,
            )
        )
    label_every = max(1, math.ceil(count / 10))
    for index, week in enumerate(weeks):
        x = left + index * slot + (slot - bar) / 2
        base = 0
        for status in STATUSES:
            value = week.by_status[status]
            if not value:
                continue
            parts.append(
                _svg(
                    '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                    "<title>{}: {} {}</title></rect>",
                    x,
                    y(base + value),
                    bar,
                    y(base) - y(base + value),
                    status_fill(status, chart_id),
                    ("As at " if week.is_as_at else "Week ending ") + day_label(week.ending),
                    value,
                    status_label(status),
                )
            )
            base += value
        if index % label_every == 0 or week.is_as_at:
            lx, ly = x + bar / 2, height - bottom + 14
            parts.append(
                _svg(
                    '<text class="app-chart__label" x="{:.1f}" y="{:.1f}" text-anchor="end" '
                    'font-size="12" fill="currentColor" transform="rotate(-45 {:.1f} {:.1f})">'
                    "{}</text>",
                    lx,
                    ly,
                    lx,
                    ly,
                    short_day_label(week.ending),
                )
            )
    parts.append(
        _svg(
            '<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>',
            left,
            top + plot_h,
            width - right,
            top + plot_h,
        )
    )
    legend_y = height - 14
    for index, status in enumerate(STATUSES):
        lx = left + index * 160
        parts.append(
            _svg(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="currentColor" '
                'stroke-width="0.5"/><text class="app-chart__label" x="{}" y="{}" '
                'font-size="14" fill="currentColor">{}</text>',
                lx,
                legend_y - 12,
                status_fill(status, chart_id),
                lx + 20,
                legend_y,
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
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),
    )


def strip_chart(strip: Strip, *, chart_id: str, title: str) -> SafeString:
    """One recommendation's status over time as a single bar of coloured, patterned runs."""
    width, height = 600, 20
    total = max(strip.days, 1)
    rects = []
    x = 0.0
    for segment in strip.segments:
        w = width * segment.days / total
        rects.append(
            _svg(
                '<rect x="{:.2f}" y="0" width="{:.2f}" height="{}" fill="{}">'
                "<title>{}: {} to {}</title></rect>",
                x,
                w,
                height,
                status_fill(segment.status, chart_id),
                segment.label,
                day_label(segment.start),
                day_label(segment.end),
            )
        )
        x += w
    return _svg(
        '<svg class="app-chart app-chart--strip" role="img" aria-labelledby="{id}-title" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" preserveAspectRatio="none" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title>{defs}{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        defs=_patterns(chart_id),
        body=mark_safe("".join(rects)),
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


def status_strip_rows(recommendations, updates, as_at: datetime.date) -> list[dict]:
    """What `reporting/_status_strip.html` expects as `strips`: one row per recommendation.

    Each recommendation needs `.inspection.pdu` and `.inspection.published` loaded;
    `updates` comes from `updates_by_recommendation`.
    """
    rows = []
    for strip in status_strips(recommendations, updates, as_at):
        rec = strip.recommendation
        title = f"Recommendation {rec.number} of {rec.inspection.pdu.name}: " + "; ".join(
            f"{s.label} from {day_label(s.start)} to {day_label(s.end)}" for s in strip.segments
        )
        rows.append(
            {
                "recommendation": rec,
                "strip": strip,
                "chart": strip_chart(strip, chart_id=f"strip-{rec.pk}", title=title),
            }
        )
    return rows


def strips_for_recommendation(recommendation, as_at: datetime.date | None = None) -> list[dict]:
    """The strip of one recommendation (for its own page), in one query for its updates."""
    as_at = as_at or timezone.localdate()
    updates = updates_by_recommendation([recommendation.pk])
    return status_strip_rows([recommendation], updates, as_at)
