"""Repair the layout of a report's text before it is parsed.

Text copied out of a PDF viewer (and the text of the PDF itself) carries what the page
printed around the report: running headers and footers, page numbers. They can fall between
any two lines, even inside a table, a list or a sentence. Such text also lost the markup
that said which lines are headings. This stage takes the furniture out, joining what it
interrupted, and marks the template's own headings as headings.
"""

import re

from .data import CATEGORISATIONS
from .text import clean, heading_text, is_heading, rating_of, without_back_to_top

# The template's fixed headings; a line that reads exactly so is a heading in any form.
KNOWN_HEADINGS = {
    "contents",
    "foreword",
    "acknowledgements",
    "the role of hm inspectorate of probation",
    "published by",
    "ratings",
    "recommendations",
    "background",
    "strengths",
    "areas for improvement",
    "outcomes",
    "progress on previous recommendations",
    "feedback from people on probation",
    "diversity and inclusion",
    "1. organisational arrangements and activity",
    "2. service delivery",
    "overall rating",
}
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$|^[-–]\s*\d{1,3}\s*[-–]$|^\d{1,3}\s*\|.{0,80}$"
    r"|^.{0,80}\|\s*\d{1,3}$|^page\s+\d{1,3}.{0,60}$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d+\s*(?:%|per\s*cent)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_STANDARD = re.compile(r"^P\s?\d+\.\d+")
_ENDS_SENTENCE = re.compile(r"[.?!:;%]$")
_ENDS_TEXT = re.compile(r"[.?!:;,]$")
_STARTS_BLOCK = re.compile(r"^(?:#|\d{1,3}[.)]\s|[-•·*–]\s|P\s?\d+\.\d+)")
# A line is furniture when its shape (digits aside) recurs this often, page after page.
_RECURRING = 3
_MAX_FURNITURE = 120


def _known_heading(text: str) -> bool:
    lower = text.lower()
    return lower in KNOWN_HEADINGS or (lower.startswith("annexe") and len(lower) < 80)


def _protected(text: str) -> bool:
    """Lines the template itself repeats: ratings, categorisations, answers, table headers."""
    lower = text.lower().strip(" .:?")
    return (
        rating_of(text) is not None
        or lower in {c.lower() for c in CATEGORISATIONS}
        or lower in ("yes", "no", "score", "key question", "percentage 'yes'")
        or lower.startswith(("key question", "percentage", "previous recommendation"))
        or _known_heading(heading_text(text))
        or bool(_PERCENT.search(lower))
        or bool(_STANDARD.match(text))
        or sum(character.isalpha() for character in text) < 3
    )


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


def furniture(lines: list[str]) -> set[int]:
    """The indexes of running headers, footers and page numbers.

    A page number is a line that is only one. A running header or footer is a line whose
    shape (digits aside) recurs page after page and that looks like furniture, not like a
    wrapped fragment of the text: it does not end a sentence or a question, and it carries
    the page's number, stands next to one, or starts with a capital at least five times.
    """
    texts = [clean(line.lstrip("#")) for line in lines]
    numbers = {index for index, text in enumerate(texts) if text and _PAGE_NUMBER.match(text)}
    candidates = {
        index: _shape(text)
        for index, text in enumerate(texts)
        if text
        and len(text) <= _MAX_FURNITURE
        and index not in numbers
        and not _ENDS_TEXT.search(text)
        and not _protected(text)
    }
    occurrences: dict[str, list[int]] = {}
    for index, shape in candidates.items():
        occurrences.setdefault(shape, []).append(index)
    found = set(numbers)
    for shape, indexes in occurrences.items():
        if len(indexes) < _RECURRING:
            continue
        beside_number = sum(1 for index in indexes if _near(index, numbers, texts))
        if (
            "#" in shape
            or beside_number * 2 >= len(indexes)
            or (len(indexes) >= 5 and texts[indexes[0]][:1].isupper())
        ):
            found.update(indexes)
    return found


def _near(index: int, numbers: set[int], texts: list[str]) -> bool:
    """Whether a page number stands next to the line (blank lines aside)."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(texts) and not texts[other]:
            other += step
        if other in numbers:
            return True
    return False


def without_furniture(lines: list[str]) -> list[str]:
    """The lines with the furniture gone; a sentence or list it split is joined again."""
    removed = furniture(lines)
    if not removed:
        return lines
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if index not in removed:
            kept.append(lines[index])
            index += 1
            continue
        # Drop the furniture and the blank lines around it, then decide on one break.
        while kept and not kept[-1].strip():
            kept.pop()
        while index < len(lines) and (index in removed or not lines[index].strip()):
            index += 1
        before = clean(kept[-1]) if kept else ""
        after = lines[index].strip() if index < len(lines) else ""
        interrupted = (
            before
            and not is_heading(kept[-1])
            and not _ENDS_SENTENCE.search(before)
            and not _STARTS_BLOCK.match(after)
        )
        if not interrupted:
            kept.append("")
    return kept


def marked_headings(lines: list[str]) -> list[str]:
    """Lines that read as the template's headings, marked as headings ("## ")."""
    marked = []
    for line in lines:
        text = heading_text(line)
        if not is_heading(line) and _known_heading(text) and len(clean(line)) < 80:
            line = "## " + without_back_to_top(clean(line))
        marked.append(line)
    return marked


def repaired(text: str) -> list[str]:
    lines = [
        line
        for line in text.split("\n")
        if clean(line).lower() not in ("back to top", "(back to top)")
    ]
    return marked_headings(without_furniture(lines))
