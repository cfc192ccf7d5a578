"""PDF reports laid out in other ways read the same, hostile ones are refused, and the time to
read one grows with its size, not faster."""

import base64
import contextlib
import io
import random
import re
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from inspections.report_parser import ReportError, parse_report, parse_report_bytes
from inspections.report_parser import pdf as pdf_module
from inspections.report_parser.pdf import pdf_to_text
from inspections.report_parser.pdf_streams import check_inflated_size

FORMS = Path(__file__).parent / "fixtures" / "reports" / "forms"
KIRKLEES_TEXT = (Path(__file__).parents[1] / "data" / "kirklees-2024.md").read_text(
    encoding="utf-8"
)
SPACES_TEXT = (FORMS / "kirklees-2024.spaces.txt").read_text(encoding="utf-8")


def unruled_pdf(text: str, image: bool = False) -> bytes:
    """The text drawn line by line, no lines ruled: a table's cells are only placed apart,
    each after the one before. With `image`, the first page starts with a photograph."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(2400, 842), invariant=True)
    y = 800
    if image:
        noise = Image.frombytes("RGB", (64, 64), random.Random(1).randbytes(64 * 64 * 3))
        page.drawImage(ImageReader(noise), 56, 600, 200, 200)
        y = 580
    for line in text.splitlines():
        x = 56
        for cell in re.split(r" {2,}|\t", line):
            page.setFont("Helvetica", 9)
            page.drawString(x, y, cell)
            x += stringWidth(cell, "Helvetica", 9) + 30
        y -= 12 if line.strip() else 6
        if y < 60:
            page.showPage()
            y = 800
    page.showPage()
    page.save()
    return out.getvalue()


def pages_of_text(pages: int) -> bytes:
    """Pages of report-like text, uncompressed, each with a ruled table of two columns."""
    words = [word for word in KIRKLEES_TEXT.split() if word.isalpha()]
    out = io.BytesIO()
    page = canvas.Canvas(out, pageCompression=0, invariant=True)
    for number in range(pages):
        page.setFont("Helvetica", 8)
        for line in range(70):
            start = (number * 70 + line) * 15 % (len(words) - 15)
            page.drawString(56, 790 - line * 10, " ".join(words[start : start + 15]))
        for row in range(4):
            page.rect(56, 60 + row * 18, 240, 18)
            page.rect(296, 60 + row * 18, 240, 18)
            page.drawString(60, 66 + row * 18, f"Key question {row}")
        page.showPage()
    page.save()
    return out.getvalue()


def ruled_table_pdf(rows: list[list[str]], heading: str = "") -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    out = io.BytesIO()
    story = []
    if heading:
        story.append(
            Paragraph(
                heading, ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=16, leading=24)
            )
        )
    body = ParagraphStyle("b", fontSize=10, spaceAfter=6)
    story += [Paragraph(f"Body text {n} under the heading.", body) for n in range(3)]
    story.append(Table(rows, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey")])))
    SimpleDocTemplate(out, invariant=True).build(story)
    return out.getvalue()


def same_report(pdf: bytes, text: str):
    read, expected = parse_report_bytes(pdf), parse_report(text)
    read.source_kind = expected.source_kind
    return read == expected


def test_a_pdf_whose_tables_are_not_ruled_reads_the_same_as_the_report_text():
    assert same_report(unruled_pdf(SPACES_TEXT), KIRKLEES_TEXT)


def test_a_pdf_with_a_photograph_on_a_page_reads_the_same_as_the_report_text():
    assert same_report(unruled_pdf(SPACES_TEXT, image=True), KIRKLEES_TEXT)


def test_a_ruled_tables_cells_are_read_as_one_tab_separated_row_each():
    text = pdf_to_text(ruled_table_pdf([["Standard", "Rating"], ["P 2.1 Assessment", "Good"]]))

    assert "Standard\tRating\nP 2.1 Assessment\tGood" in text


def test_a_line_in_larger_type_than_the_body_is_a_heading():
    text = pdf_to_text(ruled_table_pdf([["a", "b"], ["c", "d"]], heading="Recommendations"))

    assert "## Recommendations" in text.splitlines()
    assert "Body text 0 under the heading." in text.splitlines()


def test_a_page_drawn_with_more_lines_than_any_table_still_gives_its_text():
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for step in range(120):
        page.line(20, 20 + step * 6, 580, 20 + step * 6)
        page.line(20 + step * 4.5, 20, 20 + step * 4.5, 760)
    page.drawString(56, 800, "A drawing, not a table")
    page.showPage()
    page.save()

    assert "A drawing, not a table" in pdf_to_text(out.getvalue())


def test_a_pdf_with_only_a_photograph_is_refused_as_holding_no_text():
    out = io.BytesIO()
    page = canvas.Canvas(out)
    noise = Image.frombytes("RGB", (32, 32), random.Random(2).randbytes(32 * 32 * 3))
    page.drawImage(ImageReader(noise), 56, 400, 300, 300)
    page.showPage()
    page.save()

    with pytest.raises(ReportError, match="no text"):
        parse_report_bytes(out.getvalue())


def test_a_pdf_protected_by_a_password_is_refused_with_a_message():
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt="secret")
    page.drawString(56, 800, "An inspection of probation services in:")
    page.showPage()
    page.save()

    with pytest.raises(ReportError, match="protected by a password"):
        parse_report_bytes(out.getvalue())


def test_a_pdf_holding_more_characters_than_a_report_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PDF_CHARACTERS", 10_000)

    with pytest.raises(ReportError, match="more than 10,000 characters"):
        parse_report_bytes((FORMS / "kirklees-2024.pdf").read_bytes())


def test_a_megabyte_pdf_of_text_pages_is_read_in_time_linear_in_its_size():
    """Linear, measured as a ratio in one run: an eighth of the pages takes about an eighth
    of the time (quadratic work would take 64 times as long for the whole). The absolute
    bound only catches a runaway; bench/parse_forms.py gives the times themselves. Times are
    this process's CPU time, which other processes on the machine do not stretch."""
    whole_pdf, eighth_pdf = pages_of_text(112), pages_of_text(14)
    assert len(whole_pdf) > 1024 * 1024

    def seconds(data: bytes) -> float:
        started = time.process_time()
        with contextlib.suppress(ReportError):
            parse_report_bytes(data)
        return time.process_time() - started

    eighth = min(seconds(eighth_pdf) for _ in range(2))
    whole = seconds(whole_pdf)

    assert whole < 20 * max(eighth, 0.02)
    assert whole < 20


def one_page_pdf(content: bytes, filters: bytes = b"/FlateDecode", extra: bytes = b"") -> bytes:
    """A one-page PDF written by hand, its page content compressed: as small as a bomb is."""
    stream = zlib.compress(content, 9)
    if filters.startswith(b"[/ASCII85Decode"):
        stream = base64.a85encode(stream) + b"~>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter %s %s>>\nstream\n" % (len(stream), filters, extra)
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


BOMB_CONTENT = b"BT /F1 12 Tf 72 720 Td (Kirklees) Tj ET\n" * 1_000_000  # 40 MB inflated


def test_a_small_pdf_whose_page_inflates_to_tens_of_megabytes_is_refused_before_it_is_read():
    bomb = one_page_pdf(BOMB_CONTENT)
    assert len(bomb) < 200_000

    with pytest.raises(ReportError, match="inflates to more than 8 MB"):
        pdf_to_text(bomb)


def test_a_bomb_wrapped_in_ascii85_is_refused_the_same_way():
    bomb = one_page_pdf(BOMB_CONTENT, filters=b"[/ASCII85Decode /FlateDecode]")

    with pytest.raises(ReportError, match="inflates to more than 8 MB"):
        pdf_to_text(bomb)


def test_a_large_image_does_not_count_against_the_content_limit():
    # Reading the text never decodes an image, so a photograph may inflate to anything.
    image = one_page_pdf(b"\x00" * (20 * 1024 * 1024), extra=b"/Subtype /Image ")

    check_inflated_size(image)


def test_a_pdf_page_of_ordinary_size_is_within_the_content_limit():
    page = one_page_pdf(b"BT /F1 12 Tf 72 720 Td (Kirklees PDU) Tj ET\n" * 200)

    check_inflated_size(page)
