"""Time the report parser on every fixture form and on generated megabyte inputs.

    .venv/bin/python bench/parse_forms.py [--rounds 3]

For each input it prints its size, the best of --rounds parse times (in-process, after one
warm-up parse so that imports are not counted), the rate in seconds per MB, and whether it
was read or refused (with the first reason). Generated inputs:
- report-text-1mb.pdf: a ReportLab PDF, uncompressed, of pages of report text (the Kirklees
  report's paragraphs over and over, headings in larger type and a ruled table on each page),
  as many pages as make 1 MB but within the page limit;
- kirklees-plus-image-1mb.pdf: the Kirklees fixture PDF's text re-laid with a 1 MB image of
  noise on its first page;
- lt-1mb: 1 MB of "<"; html-junk-1mb: a web page start then 1 MB of tag-like junk;
- pdf-random-1mb: "%PDF-1.7" then 1 MB of random bytes; pdf-lt-1mb: "%PDF-1.4" then "<<".
"""

import argparse
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspections.report_parser import ReportError, parse_report_bytes  # noqa: E402

FORMS = ROOT / "inspections" / "tests" / "fixtures" / "reports" / "forms"
KIRKLEES = ROOT / "inspections" / "data" / "kirklees-2024.md"
MB = 1024 * 1024


def report_text_pdf(target: int = MB, max_pages: int = 110) -> bytes:
    """Pages of report text, uncompressed, until the file is about `target` bytes."""
    from reportlab.pdfgen import canvas

    words = [w for w in KIRKLEES.read_text(encoding="utf-8").split() if w.isalpha()]
    per_page = target // max_pages
    out = io.BytesIO()
    page = canvas.Canvas(out, pageCompression=0, invariant=True)
    position = 0
    for number in range(1, max_pages + 1):
        page.setFont("Helvetica-Bold", 14)
        page.drawString(56, 800, f"Section {number}")
        page.setFont("Helvetica", 7)
        y, used = 780, 0
        while used < per_page * 0.84 and y > 120:
            line = " ".join(words[(position + i) % len(words)] for i in range(16))
            position += 16
            page.drawString(56, y, line)
            used += len(line) + 30
            y -= 8
        for row in range(4):  # a ruled table of two columns
            top = 110 - row * 18
            page.rect(56, top - 18, 240, 18)
            page.rect(296, top - 18, 240, 18)
            page.drawString(60, top - 12, f"Key question {row + 1}")
            page.drawString(300, top - 12, f"{(row * 17) % 100}%")
        page.setFont("Helvetica", 8)
        page.drawString(56, 30, f"Inspection of probation services: Bench PDU {number}")
        page.showPage()
        if out.tell() > target:
            break
    page.save()
    return out.getvalue()


def image_pdf(target: int = MB) -> bytes:
    """The Kirklees report text drawn after a noise image of about `target` bytes."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    side = int((target / 3) ** 0.5)
    noise = Image.frombytes("RGB", (side, side), random.Random(1).randbytes(side * side * 3))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=True)
    page.drawImage(ImageReader(noise), 56, 400, 300, 300)
    page.setFont("Helvetica", 10)
    y = 380
    for line in KIRKLEES.read_text(encoding="utf-8").splitlines()[:30]:
        page.drawString(56, y, line[:100])
        y -= 12
    page.showPage()
    page.save()
    return out.getvalue()


def inputs() -> list[tuple[str, bytes]]:
    rng = random.Random(10)
    found = [(path.name, path.read_bytes()) for path in sorted(FORMS.iterdir())]
    junk = b"<div class='x'><a href=\"#\"><span>text</span></a></div><p><<b>>" * (MB // 50)
    return [
        *found,
        ("report-text-1mb.pdf", report_text_pdf()),
        ("kirklees-plus-image-1mb.pdf", image_pdf()),
        ("lt-1mb", b"<" * MB),
        ("html-junk-1mb", b"<!doctype html><html>" + junk[: MB - 21]),
        ("pdf-random-1mb", b"%PDF-1.7\n" + rng.randbytes(MB)),
        ("pdf-lt-1mb", b"%PDF-1.4\n" + b"<<" * (MB // 2)),
    ]


def parse(data: bytes) -> str:
    try:
        report = parse_report_bytes(data)
    except ReportError as error:
        return "refused: " + error.problems[0][:70]
    return f"read: {report.pdu} ({report.source_kind})"


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=3)
    rounds = arguments.parse_args().rounds
    parse((FORMS / "kirklees-2024.pdf").read_bytes())  # warm-up: imports
    print(f"{'input':34} {'KB':>7} {'best s':>8} {'s/MB':>7}  outcome")
    for name, data in inputs():
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            outcome = parse(data)
            times.append(time.perf_counter() - started)
        best = min(times)
        rate = best / (len(data) / MB)
        print(f"{name:34} {len(data) / 1024:7.0f} {best:8.3f} {rate:7.2f}  {outcome}")


if __name__ == "__main__":
    main()
