"""The published PDF, read through PDFium (pypdfium2) into the same lines as the report's text.

Pages are read in order. On each page, tables (found from their ruling lines, see
`pdf_tables`) become tab-separated rows and the rest becomes lines of text; both are put back
in the order they stand on the page. A line set in a larger type than the body text is a
heading ("## "). A gap wider than the line spacing is a paragraph break (a blank line).

PDFium gives a page's characters in the order they are drawn, with the word spaces and line
breaks it sees. A line's place and type size are read from a few of its characters, so the
work is per line, not per character; only a line inside a table is read character by
character, to put each character in its cell. Text, drawn lines and page objects are each
bounded per document, so the time is linear in the file and a hostile file is refused.
"""

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

from .data import MAX_PDF_PAGES, MAX_REPORT_BYTES, ReportError
from .pdf_streams import check_inflated_size
from .pdf_tables import Budget, Table, find_tables

# A report's text is at most 1 MB in any form; a PDF holding more characters is not a report.
MAX_PDF_CHARACTERS = MAX_REPORT_BYTES
# Pieces of text whose baselines are this close (points) are on one line.
SAME_LINE = 3.0
# Pieces on one line further apart than this many times their type size are in columns.
COLUMN_GAP = 1.5
_LINE = re.compile(r"[^\r\n]+")
_UNREADABLE = re.compile("[\x00\ufffe\uffff\ud800-\udfff]")
# A glyph the PDF gives no character for: a bullet where it starts a line, else unreadable.
_UNMAPPED_BULLET = re.compile(r"^\ufffd\s*")
# PDFium is not thread-safe: one document at a time in a process.
_PDFIUM = threading.Lock()


@dataclass
class _Piece:
    """A run of text on one line: its baseline and left edge (points from the page's top
    left), its type size and its text."""

    y: float
    x: float
    right: float
    size: float
    text: str


class _TextPage:
    """One page's characters through PDFium's text page, in top-down coordinates."""

    def __init__(self, pdfium_c, textpage, height: float):
        self.c = pdfium_c
        self.raw = textpage.raw
        self.height = height
        self.count = textpage.count_chars()
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._box = pdfium_c.FS_RECTF()
        self._matrix = pdfium_c.FS_MATRIX()
        self._loose_box = pdfium_c.FPDFText_GetLooseCharBox
        self._origin = pdfium_c.FPDFText_GetCharOrigin
        self._font_size = pdfium_c.FPDFText_GetFontSize
        self._char_matrix = pdfium_c.FPDFText_GetMatrix
        self._generated = pdfium_c.FPDFText_IsGenerated

    def text(self) -> str:
        """The page's text, one character for each of PDFium's (its index is the char's)."""
        count, c = self.count, self.c
        buffer = (ctypes.c_ushort * (count + 1))()
        if c.FPDFText_GetText(self.raw, 0, count, buffer) - 1 == count:
            text = "".join(map(chr, buffer[:count]))
        else:  # some characters are left out or take two code units: one by one
            codes = (c.FPDFText_GetUnicode(self.raw, j) for j in range(count))
            text = "".join(chr(code) if code < 0x110000 else "\ufffd" for code in codes)
        return _UNREADABLE.sub("\ufffd", text)

    def centre(self, index: int) -> tuple[float, float]:
        self._loose_box(self.raw, index, self._box)
        box = self._box
        return (box.left + box.right) / 2, self.height - (box.top + box.bottom) / 2

    def _spaced(self, indices: range, text: str) -> str:
        """The text of a line's characters, where PDFium put a space for a gap wider than
        COLUMN_GAP times the type two spaces: a column's edge, as a table not ruled reads."""
        start, end = indices[0], indices[-1] + 1
        out, done = [], start
        space = text.find(" ", start, end)
        while space != -1:
            if self._generated(self.raw, space) == 1 and start < space < end - 1:
                gap = self.left(space + 1) - self.right(space - 1)
                if gap > COLUMN_GAP * self.size(space - 1):
                    out.append(text[done:space] + " ")
                    done = space
            space = text.find(" ", space + 1, end)
        out.append(text[done:end])
        return "".join(out)

    def left(self, index: int) -> float:
        self._loose_box(self.raw, index, self._box)
        return self._box.left

    def right(self, index: int) -> float:
        self._loose_box(self.raw, index, self._box)
        return self._box.right

    def origin(self, index: int) -> tuple[float, float]:
        self._origin(self.raw, index, self._x, self._y)
        return self._x.value, self.height - self._y.value

    def size(self, index: int) -> float:
        """The type size as drawn: the font's size scaled by the character's matrix."""
        size = self._font_size(self.raw, index)
        if self._char_matrix(self.raw, index, self._matrix):
            size *= math.hypot(self._matrix.c, self._matrix.d)
        return round(size, 1)

    def piece(self, indices, text: str) -> _Piece:
        """The piece made of the characters at `indices` (a range or a list of them), its
        place and size the middle of those of its first, middle and last characters."""
        sampled = {indices[0], indices[len(indices) // 2], indices[-1]}
        sampled = [j for j in sampled if not text[j].isspace()] or [indices[0]]
        sizes = sorted(self.size(j) for j in sampled)
        places = sorted((self.origin(j)[1], j) for j in sampled)
        body = self._spaced(indices, text) if isinstance(indices, range) else None
        return _Piece(
            y=places[len(places) // 2][0],
            x=self.origin(indices[0])[0],
            right=self.right(indices[-1]),
            size=sizes[len(sizes) // 2],
            text=body if body is not None else "".join(text[j] for j in indices),
        )


def _table_at(tables: list[Table], x: float, y: float) -> int | None:
    return next((n for n, table in enumerate(tables) if table.contains(x, y)), None)


def _read_characters(page: _TextPage, tables: list[Table]):
    """The page's pieces of body text, and each table cell's text parts."""
    text = page.text()
    pieces: list[_Piece] = []
    parts = [[[] for _ in table.cells] for table in tables]
    for line in _LINE.finditer(text):
        raw = line.group()
        if not raw.strip():
            continue
        first = line.start() + len(raw) - len(raw.lstrip())
        last = line.start() + len(raw.rstrip()) - 1
        piece = page.piece(range(first, last + 1), text)
        near = [t for t in tables if t.bbox[1] - SAME_LINE <= piece.y <= t.bbox[3] + SAME_LINE]
        if not near or (
            _table_at(near, *page.centre(first)) is None
            and _table_at(near, *page.centre(last)) is None
        ):
            pieces.append(piece)
            continue
        body: list[int] = []
        touched = set()
        for j in range(first, last + 1):
            if text[j].isspace():
                for n, cell in touched:
                    parts[n][cell].append(" ")
                continue
            x, y = page.centre(j)
            n = _table_at(tables, x, y)
            cell = tables[n].cell_at(x, y) if n is not None else None
            if cell is None:
                body.append(j)
            else:
                parts[n][cell].append(text[j])
                touched.add((n, cell))
        for n, cell in touched:
            parts[n][cell].append(" ")
        if body:
            pieces.append(page.piece(body, text))
    return pieces, parts


def _joined(group: list[_Piece]) -> str:
    """Pieces on one line, left to right; a gap wider than the type is a column's edge (two
    spaces, as a table whose cells are not ruled reads in text)."""
    text = ""
    previous = None
    for piece in sorted(group, key=lambda p: p.x):
        if previous is not None:
            wide = piece.x - previous.right > COLUMN_GAP * max(previous.size, piece.size)
            text += "  " if wide else " "
        text += "  ".join(" ".join(part.split()) for part in piece.text.split("  "))
        previous = piece
    return text


def _lines_of(pieces: list[_Piece]) -> list[dict]:
    """Pieces on the same baseline joined into lines."""
    items = []
    group: list[_Piece] = []
    for piece in [*sorted(pieces, key=lambda p: p.y), None]:
        if group and (piece is None or piece.y - group[-1].y > SAME_LINE):
            longest = max(group, key=lambda p: len(p.text))
            tallest = max(p.size for p in group)
            items.append(
                {
                    "top": longest.y - 0.8 * tallest,
                    "bottom": longest.y + 0.2 * tallest,
                    "text": _joined(group),
                    "size": longest.size,
                    "row": False,
                }
            )
            group = []
        if piece is not None:
            group.append(piece)
    return items


def _rows_of(tables: list[Table], parts) -> list[dict]:
    items = []
    for table, cells in zip(tables, parts, strict=True):
        for top, bottom, columns in table.rows():
            texts = [" ".join("".join(cells[n]).split()) if n is not None else "" for n in columns]
            if any(texts):
                items.append(
                    {"top": top, "bottom": bottom, "text": "\t".join(texts), "size": 0, "row": True}
                )
    return items


def _page_items(pdfium_c, page, budget: Budget, characters_left: int) -> tuple[list[dict], int]:
    """The page's lines and table rows ({"top", "bottom", "text", "size", "row"}), in their
    order on the page, and the number of characters it holds."""
    height = page.get_height()
    tables = find_tables(page, height, budget)
    textpage = page.get_textpage()
    try:
        reader = _TextPage(pdfium_c, textpage, height)
        if reader.count > characters_left:
            raise ReportError(
                [f"The PDF holds more than {MAX_PDF_CHARACTERS:,} characters; a report far fewer."]
            )
        pieces, parts = _read_characters(reader, tables)
    finally:
        textpage.close()
    items = _lines_of(pieces) + _rows_of(tables, parts)
    return sorted(items, key=lambda item: item["top"]), reader.count


def _lines(items: list[dict], body_size: float) -> list[str]:
    lines: list[str] = []
    previous = None
    for item in items:
        if previous is not None:
            gap = item["top"] - previous["bottom"]
            if item["row"] != previous["row"] or gap > 0.6 * (previous["size"] or body_size):
                lines.append("")
        heading = not item["row"] and item["size"] >= body_size * 1.2
        text = "\t".join(_UNMAPPED_BULLET.sub("• ", cell) for cell in item["text"].split("\t"))
        lines.append(("## " if heading else "") + text)
        previous = item
    return lines


def _open(pdfium, data: bytes):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReportError(
                ["The PDF is protected by a password; upload it unprotected."]
            ) from None
        raise ReportError(["The file starts like a PDF but cannot be read as one."]) from None


def _read_pages(data: bytes) -> list[list[dict]]:
    # Imported here: only PDFs need PDFium.
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = _open(pdfium, data)
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ReportError(
                [f"The PDF has {len(document)} pages; a report has at most {MAX_PDF_PAGES}."]
            )
        budget, characters, pages = Budget(), 0, []
        for index in range(len(document)):
            page = document[index]
            try:
                items, count = _page_items(pdfium_c, page, budget, MAX_PDF_CHARACTERS - characters)
            finally:
                page.close()
            characters += count
            pages.append(items)
        return pages
    finally:
        document.close()


def pdf_to_text(data: bytes) -> str:
    check_inflated_size(data)
    with _PDFIUM:
        try:
            pages = _read_pages(data)
        except ReportError:
            raise
        except Exception as error:  # PDFium refuses a damaged or hostile file in many ways.
            raise ReportError(
                [f"The file starts like a PDF but cannot be read as one ({type(error).__name__})."]
            ) from None
    sizes = Counter(item["size"] for page in pages for item in page if not item["row"])
    if not sizes and not any(pages):
        raise ReportError(
            ["The PDF holds no text to read (a scanned report needs its text, not images)."]
        )
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    lines: list[str] = []
    for page in pages:
        lines.extend(_lines(page, body_size))
        lines.append("")
    return "\n".join(lines)
