"""Text clean-up shared by every stage: markup out, Unicode normalised, whitespace collapsed.

Every pattern here runs in time linear in its input: no repetition can run past the next
opening character, so a megabyte of `<` or `[` costs one pass, not one pass per character.
"""

import datetime
import functools
import re
import unicodedata

from .data import MONTH_YEAR, MONTHS, RATINGS

_FOOTNOTE = re.compile(r"<sup>[^<]{0,40}</sup>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)([^*_]+?)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
# Cells of a table row: tab-separated, or (tabs lost in a copy) separated by runs of spaces.
_CELL_BREAK = re.compile(r"\t| {2,}")
_BACK_TO_TOP = re.compile(r"\s*\(?\s*back to top\s*\)?\s*$", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def normalise(text: str) -> str:
    """NFKC (ligatures and non-breaking spaces become plain letters and spaces), one kind
    of line break, and soft hyphens gone (a word split by one at a line end is rejoined)."""
    text = _LINE_BREAKS.sub("\n", text)
    text = text.replace("\u00ad\n", "")
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_INVISIBLE)


@functools.lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """Text without Markdown or HTML markup, whitespace collapsed.

    Cached: every stage reads the same lines, and this is where the time goes."""
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPHASIS.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    for entity, character in _ENTITIES.items():
        text = text.replace(entity, character)
    return " ".join(text.split())


def without_back_to_top(text: str) -> str:
    return _BACK_TO_TOP.sub("", text)


def heading_text(line: str) -> str:
    """A line's text as a heading would read, without #s, markup or "(Back to top)"."""
    return without_back_to_top(clean(line.lstrip().lstrip("#"))).rstrip(":").strip()


def is_row(line: str) -> bool:
    """Whether a line is a table row: cells split by a tab or a run of spaces."""
    return len(cells(line)) > 1


def cells(line: str) -> list[str]:
    """The cleaned cells of a table row."""
    return [text for cell in _CELL_BREAK.split(line.strip()) if (text := clean(cell))]


def is_heading(line: str) -> bool:
    return line.lstrip().startswith("#")


def rating_of(text: str) -> str | None:
    text = clean(text).strip(" .'‘’\"")
    for rating in RATINGS:
        if text.lower() == rating.lower():
            return rating
    return None


def split_rating(text: str) -> tuple[str, str | None]:
    """A standard's name, and its rating where the same line ends with one."""
    for rating in RATINGS:
        if text.lower().endswith(" " + rating.lower()):
            return text[: -len(rating)].strip(), rating
    return text.strip(), None


def month(text: str) -> datetime.date | None:
    match = re.search(MONTH_YEAR, text, re.IGNORECASE)
    # A year outside the plausible is a misread, not a date.
    if not match or not 1900 <= int(match.group(2)) <= datetime.date.today().year + 1:
        return None
    return datetime.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)
