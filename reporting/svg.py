"""The pieces every server-drawn SVG shares: a status's fill and pattern, escaping, numbers
written short, and `format_html` that takes floats.

The Content-Security-Policy forbids inline styles, so shapes are coloured with SVG
presentation attributes (`fill=`), which it allows. All text passes through `svg` (Django's
`format_html`) or `escape` (`html.escape`, as Django's `escape`).
"""

import datetime
import functools
import html
import re
from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from recommendations.models import Status
from recommendations.templatetags.tracker import STATUS_COLOURS

from .status_over_time import STATUSES

# A status's colour is its tag's (`recommendations.templatetags.tracker.STATUS_COLOURS`), drawn
# in GOV.UK Frontend's palette.
PALETTE = {"grey": "#b1b4b6", "blue": "#1d70b8", "purple": "#54319f", "green": "#00703c"}
STATUS_FILLS = {status: PALETTE[colour] for status, colour in STATUS_COLOURS.items()}
# A second cue beside colour: a pattern drawn over the fill.
STATUS_PATTERNS = {
    Status.NOT_STARTED: None,
    Status.IN_PROGRESS: "stripes",
    Status.COMPLETE: "dots",
    Status.VERIFIED: None,
}


def escape(value) -> str:
    """Django's `escape` without its lazy-string wrapper (hundreds of calls a page)."""
    return html.escape(str(value))


def number(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


@functools.cache
def _plain_fields(template: str) -> str:
    return re.sub(r"\{:\.\df\}", "{}", template)


def svg(template: str, *args, **kwargs) -> SafeString:
    """`format_html`, with floats written to two decimal places (it cannot take "{:.1f}")."""
    return format_html(
        _plain_fields(template), *map(number, args), **{k: number(v) for k, v in kwargs.items()}
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


def patterns(prefix: str, statuses: Sequence[str] = STATUSES) -> SafeString:
    """The patterns of `statuses` (those that have one), with ids made from `prefix`."""
    prefix = escape(prefix)
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
