"""The published PDF, read through pdfplumber into the same lines as the report's text.

Pages are read in order. On each page, tables (found from their ruling lines) become
tab-separated rows and the rest becomes lines of text; both are put back in the order they
stand on the page. A line set in a larger type than the body text is a heading ("## ").
A gap wider than the line spacing is a paragraph break (a blank line).
"""

import io
import logging
import re
from collections import Counter

from .data import MAX_PDF_PAGES, ReportError

# A glyph the PDF gives no character for: a bullet where it starts a line, else unreadable.
_UNMAPPED_BULLET = re.compile(r"^\(cid:\d+\)\s*")
_UNMAPPED = re.compile(r"\(cid:\d+\)")

# pdfminer logs every oddity of a hostile file at WARNING; the refusal says what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page) -> list[dict]:
    """The page's lines and table rows: {"top", "bottom", "text", "size", "row"}."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    body = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    items = []
    for line in body.extract_text_lines(return_chars=True, strip=True):
        sizes = sorted(round(char["size"], 1) for char in line["chars"] if char["text"].strip())
        if not sizes or not line["text"].strip():
            continue
        items.append(
            {
                "top": line["top"],
                "bottom": line["bottom"],
                "text": line["text"],
                "size": sizes[len(sizes) // 2],
                "row": False,
            }
        )
    for table in tables:
        for row, texts in zip(table.rows, table.extract(), strict=False):
            row_cells = [" ".join((text or "").split()) for text in texts]
            if any(row_cells):
                items.append(
                    {
                        "top": row.bbox[1],
                        "bottom": row.bbox[3],
                        "text": "\t".join(row_cells),
                        "size": 0,
                        "row": True,
                    }
                )
    return sorted(items, key=lambda item: item["top"])


def _lines(items: list[dict], body_size: float) -> list[str]:
    lines: list[str] = []
    previous = None
    for item in items:
        if previous is not None:
            gap = item["top"] - previous["bottom"]
            if item["row"] != previous["row"] or gap > 0.6 * (previous["size"] or body_size):
                lines.append("")
        heading = not item["row"] and item["size"] >= body_size * 1.2
        text = "\t".join(
            _UNMAPPED.sub("\ufffd", _UNMAPPED_BULLET.sub("• ", cell))
            for cell in item["text"].split("\t")
        )
        lines.append(("## " if heading else "") + text)
        previous = item
    return lines


def pdf_to_text(data: bytes) -> str:
    # Imported here: pdfplumber is large, and only PDFs need it.
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReportError(
                    [f"The PDF has {len(pdf.pages)} pages; a report has at most {MAX_PDF_PAGES}."]
                )
            pages = [_page_items(page) for page in pdf.pages]
    except ReportError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged or hostile file.
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
