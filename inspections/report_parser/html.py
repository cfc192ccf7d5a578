"""A saved HMIP web page, turned into the same lines as the Markdown text of the report.

Headings become "#" lines (without their "(Back to top)" links), table rows become
tab-separated lines, list items become "- " or "N. " lines, and what is not the report
(navigation, the site's header and footer, scripts, forms) is left out. The standard
library's parser reads in one pass, so the time is linear in the page's size.
"""

import re
from html.parser import HTMLParser

from .data import ReportError
from .text import without_back_to_top

_SKIPPED = {
    "nav",
    "header",
    "footer",
    "script",
    "style",
    "noscript",
    "form",
    "button",
    "svg",
    "template",
    "iframe",
    "aside",
    "sup",
    "select",
    "title",
    "head",
}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
    "caption",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "body",
    "html",
    "hr",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
    "param",
}
_MAX_DEPTH = 400
# Elements whose end tag may be left out: they are not counted in the depth.
_OPTIONAL_END = {"p", "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skipping: list[str] = []
        self.lists: list[list] = []  # [tag, next number]
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.depth = 0

    def flush(self, prefix: str = "") -> None:
        text = " ".join("".join(self.line).split())
        if prefix.startswith("#"):
            text = without_back_to_top(text)
        self.line = []
        if text:
            self.lines.append(prefix + text)
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID and tag not in _OPTIONAL_END:
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise ReportError([f"The web page nests its elements more than {_MAX_DEPTH} deep."])
        if self.skipping or tag in _SKIPPED:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag == "a" and any(
            name in ("class", "href") and value and "top" in value.lower() for name, value in attrs
        ):
            self.skipping.append(tag)  # "Back to top" links
        elif tag == "br":
            self.text_break()
        elif tag in ("ul", "ol"):
            self.flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1])
        elif tag == "li":
            self.flush()
        elif tag == "tr":
            self.flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in _HEADINGS or tag in _BLOCKS:
            self.flush()

    def text_break(self) -> None:
        if self.cell is not None:
            self.cell.append(" ")
        else:
            self.flush()

    def handle_endtag(self, tag):
        if tag not in _VOID and tag not in _OPTIONAL_END:
            self.depth = max(0, self.depth - 1)
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _HEADINGS:
            self.flush("#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            prefix = "- "
            if self.lists and self.lists[-1][0] == "ol":
                prefix = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            self.flush(prefix)
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(self.row))
            self.row = None
        elif tag == "table":
            self.lines.append("")
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            self.line.append(data)


# Python's parser rescans the rest of the page at each unfinished tag or comment, which is
# quadratic on a page of "<a<a<a"; so the page is first reduced, in one pass, to whole tags
# and text, every other "<" escaped and comments dropped.
_NOT_A_TAG = re.compile(r"<(?!(?:/?[A-Za-z][A-Za-z0-9:-]*(?:[\s/][^<>]*)?|![A-Za-z][^<>]*)>)")


def _well_formed(page: str) -> str:
    out: list[str] = []
    position = 0
    while (start := page.find("<!--", position)) >= 0:
        end = page.find("-->", start + 4)
        if end < 0:
            break  # no later comment can close either
        out.append(page[position:start])
        position = end + 3
    out.append(page[position:])
    return _NOT_A_TAG.sub("&lt;", "".join(out))


def html_to_text(page: str) -> str:
    reader = _Reader()
    reader.feed(_well_formed(page))
    reader.close()
    reader.flush()
    return "\n".join(reader.lines)
