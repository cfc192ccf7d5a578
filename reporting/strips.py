"""Each recommendation's status over time as a strip: a bar of runs of days at one status,
drawn as SVG, and the rows `reporting/_status_strip.html` writes beneath each."""

import datetime

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .status_over_time import STATUSES, Strip, clip_strip, status_changes, status_strips
from .svg import day_label, escape, number, patterns, status_fill


def strip_chart(strip: Strip, *, chart_id: str, title: str) -> SafeString:
    """One recommendation's status over time as a single bar of coloured, patterned runs.

    Drawn with plain string formatting (a region's page has a hundred or more of these):
    every piece of text in it is escaped.
    """
    width, height = 600, 20
    total = max(strip.days, 1)
    cid = escape(chart_id)
    rects = []
    x = 0.0
    for segment in strip.segments:
        w = width * segment.days / total
        rects.append(
            f'<rect x="{number(x)}" y="0" width="{number(w)}" height="{height}" '
            f'fill="{status_fill(segment.status, cid)}"><title>{escape(segment.label)}: '
            f"{day_label(segment.start)} to {day_label(segment.end)}</title></rect>"
        )
        x += w
    used = {segment.status for segment in strip.segments}
    return mark_safe(
        f'<svg class="app-chart app-chart--strip" role="img" aria-labelledby="{cid}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'preserveAspectRatio="none" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{escape(title)}</title>'
        f"{patterns(chart_id, [s for s in STATUSES if s in used])}{''.join(rects)}</svg>"
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
