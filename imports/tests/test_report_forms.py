"""Every form a user has a report in reads the same, and nothing is read wrongly in silence."""

import contextlib
import io
import json
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from imports.importer import report_json
from inspections.models import Inspection
from inspections.report_parser import (
    ReportError,
    kind_of,
    parse_report,
    parse_report_bytes,
)
from inspections.tests.fixtures.reports.expected import EXPECTED, KIRKLEES
from tests import factory

FORMS = Path(__file__).parents[2] / "inspections" / "tests" / "fixtures" / "reports" / "forms"
EXPECTED_BY_REPORT = {name.removesuffix(".md"): data for name, data in EXPECTED.items()}
EXPECTED_BY_REPORT["kirklees-2024"] = KIRKLEES
FORM_FILES = sorted(path.name for path in FORMS.iterdir())
KIRKLEES_TEXT = factory.KIRKLEES_REPORT.read_text(encoding="utf-8")


def dry_run(path: Path) -> dict:
    out = StringIO()
    call_command("import_report", str(path), "--dry-run", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def read(text: str) -> dict:
    return report_json(parse_report(text))


def test_every_report_has_every_form():
    names = {name.split(".")[0] for name in FORM_FILES}
    forms = {name.split(".", 1)[1] for name in FORM_FILES}

    assert names == set(EXPECTED_BY_REPORT)
    assert forms == {"pdf", "html", "spaces.txt", "cells.txt", "viewer.txt"}
    assert len(FORM_FILES) == len(names) * len(forms)


@pytest.mark.parametrize("name", FORM_FILES)
def test_every_form_of_every_report_gives_the_same_json_from_the_dry_run(db, name):
    assert dry_run(FORMS / name) == EXPECTED_BY_REPORT[name.split(".")[0]]


def test_the_kind_of_file_is_told_from_its_content_not_its_name(db, tmp_path):
    for source, disguise in (("kirklees-2024.pdf", "report.md"), ("kirklees-2024.html", "a.txt")):
        (tmp_path / disguise).write_bytes((FORMS / source).read_bytes())

        assert dry_run(tmp_path / disguise) == KIRKLEES


def test_kinds_are_pdf_html_and_text():
    assert kind_of(b"%PDF-1.7\n...") == "pdf"
    assert kind_of(b"\xef\xbb\xbf\n  <!DOCTYPE html><html>") == "html"
    assert kind_of(b"<html lang='en'>") == "html"
    assert kind_of(b"<b>HM Inspectorate</b> of Probation") == "text"


def test_a_pdf_report_imports_and_exports_the_same_json(db):
    call_command(
        "import_report", str(FORMS / "kirklees-2024.pdf"), stdout=StringIO(), stderr=StringIO()
    )
    out = StringIO()
    call_command("export_inspection", "Kirklees", "2024", stdout=out)

    assert json.loads(out.getvalue()) == KIRKLEES


def test_a_title_on_one_line_gives_the_pdu_not_the_region():
    text = KIRKLEES_TEXT.replace(
        "An inspection of probation services in:\n\n**Kirklees PDU**",
        "An inspection of probation services in: Kirklees PDU",
    )

    assert parse_report(text).pdu == "Kirklees"


def test_a_title_page_run_together_on_one_line_is_read_in_its_parts():
    text = KIRKLEES_TEXT.replace(
        "An inspection of probation services in:\n\n**Kirklees PDU**\n\n"
        "The Probation Service – Yorkshire and the Humber Region",
        "An inspection of probation services in: Kirklees PDU The Probation Service – "
        "Yorkshire and the Humber Region",
    )

    report = parse_report(text)

    assert (report.pdu, report.region) == ("Kirklees", "Yorkshire and the Humber")


def test_a_missing_pdu_name_is_refused_not_read_from_the_region_line():
    text = KIRKLEES_TEXT.replace("**Kirklees PDU**\n\n", "")

    with pytest.raises(ReportError, match="No PDU name"):
        parse_report(text)


def test_a_pdu_name_that_reads_like_a_region_is_refused():
    text = KIRKLEES_TEXT.replace("**Kirklees PDU**", "Yorkshire and the Humber Region")

    with pytest.raises(ReportError, match="reads like a region, an organisation or a date"):
        parse_report(text)


def test_a_pdu_name_that_reads_like_an_organisation_is_refused():
    text = KIRKLEES_TEXT.replace("**Kirklees PDU**", "HM Inspectorate of Probation")

    with pytest.raises(ReportError, match="reads like a region"):
        parse_report(text)


REGION_LIST = (
    "appropriate services and interventions.\n\n"
    "Inspection of probation services: Kirklees PDU\n\n7\n\n"
    "The Probation Service Yorkshire and the Humber region should:\n\n"
    "9. ensure that accredited programmes are delivered in Kirklees\n"
)


def test_a_footer_between_the_pdus_and_the_regions_recommendations_keeps_the_regions():
    text = KIRKLEES_TEXT.replace("appropriate services and interventions.\n", REGION_LIST)

    report = parse_report(text)

    assert len(report.recommendations) == 9
    assert report.recommendations[-1].addressed_to == "region"


def test_the_counts_of_recommendations_to_the_pdu_and_to_the_region_are_both_reported():
    report = parse_report(
        KIRKLEES_TEXT.replace("appropriate services and interventions.\n", REGION_LIST)
    )

    assert (report.recommendations_to_pdu, report.recommendations_to_region) == (8, 1)
    assert report.recommendation_counts == "8 to the PDU and 1 to the region"


def test_a_list_interrupted_by_page_furniture_mid_item_is_continued():
    footer = "\n\nInspection of probation services: Kirklees PDU\n\n{}\n\n"
    text = KIRKLEES_TEXT.replace(
        "sufficient staffing resources to provide",
        "sufficient staffing resources" + footer.format(5) + "to provide",
    )
    text += footer.format(6) + footer.format(7)

    report = parse_report(text)

    assert report.recommendations[0].text == KIRKLEES["recommendations"][0]["text"]
    assert len(report.recommendations) == 8


def test_ligatures_soft_hyphens_and_non_breaking_spaces_are_not_stored():
    text = (
        KIRKLEES_TEXT.replace("sufficient", "su\ufb03cient")
        .replace("staffing", "sta\ufb00ing")
        .replace("probation services in:", "probation\u00a0services\u00a0in:")
        .replace("Kirklees PDU**", "Kirk\u00ad\nlees\u00a0PDU**", 1)
    )

    assert read(text) == KIRKLEES


def test_stored_texts_are_nfkc_with_whitespace_collapsed():
    text = KIRKLEES_TEXT.replace(
        "8. ensure that people on probation", "8. ensure  that\u2003people\u00a0on ﬁrst probation"
    )

    last = parse_report(text).recommendations[-1].text

    assert last.startswith("ensure that people on first probation")


def test_a_recommendation_longer_than_the_limit_is_refused_with_a_clear_message():
    text = KIRKLEES_TEXT.replace(
        "7. fully take into account", "7. fully " + "take into account " * 150
    )

    with pytest.raises(ReportError, match="Recommendation 7: the recommendation is 2"):
        parse_report(text)


@pytest.mark.parametrize(
    "data",
    [
        b"<" * (1024 * 1024),
        b"[" * (1024 * 1024),
        b"<!doctype html>" + b"<" * (1024 * 1024 - 15),
        b"<html>" + b"<div>" * (200 * 1024),
        b"<sup>" * (200 * 1024),
        b"**" * (512 * 1024),
        b"](" * (512 * 1024),
        (b"P 1.1 Leadership\n" * 60000)[: 1024 * 1024],
        b"P 1.1 Leadership\n" * 39000,
        (b"Key question\t1%\n" * 70000)[: 1024 * 1024],
        b"Key question\t1%\n" * 39000,
        b"<html>" + b"<p>x" * (256 * 1024 - 2),
        b"%PDF-1.4\n" + b"<<" * (512 * 1024 - 5),
    ],
    ids=[
        "lt",
        "bracket",
        "html-lt",
        "html-divs",
        "sup",
        "stars",
        "links",
        "panel",
        "panel-39000-lines",
        "kq",
        "kq-39000-lines",
        "html-paragraphs",
        "pdf",
    ],
)
def test_a_megabyte_of_hostile_input_is_refused_in_time_linear_in_its_size(data):
    """Linear, measured as a ratio in one run: an eighth of the input takes about an eighth of the
    time (a quadratic pattern would take 64 times as long for the whole). The absolute bound only
    catches a runaway; the time itself is for the benchmark, not a test, to claim. Times are this
    process's CPU time, which other processes on the machine (the browser tests beside this
    suite, say) do not stretch."""

    def seconds(chunk: bytes) -> float:
        started = time.process_time()
        with contextlib.suppress(ReportError):
            parse_report_bytes(chunk)
        return time.process_time() - started

    eighth = min(seconds(data[: len(data) // 8]) for _ in range(2))
    started = time.process_time()
    with pytest.raises(ReportError) as raised:
        parse_report_bytes(data)
    whole = time.process_time() - started

    assert raised.value.problems
    assert whole < 20 * max(eighth, 0.02)
    assert whole < 10


def test_a_truncated_pdf_is_refused_with_a_message_and_nothing_written(db, tmp_path):
    data = (FORMS / "kirklees-2024.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_report", str(path), stdout=StringIO(), stderr=StringIO())

    assert not Inspection.objects.exists()


def test_a_pdf_without_text_is_refused():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(10, 10, 100, 100)
    page.showPage()
    page.save()

    with pytest.raises(ReportError, match="no text"):
        parse_report_bytes(buffer.getvalue())


def test_a_web_pages_navigation_footer_and_back_to_top_links_are_left_out():
    page = (FORMS / "kirklees-2024.html").read_text(encoding="utf-8")
    assert "(Back to top)" in page and "<nav>" in page and "<footer>" in page

    report = parse_report(page)

    assert report.pdu == "Kirklees"
    assert report.source_kind == "text"  # parse_report was given text; bytes say "html"
    assert parse_report_bytes(page.encode()).source_kind == "html"


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(st.sampled_from([b"<!DOCTYPE html>", b"%PDF-1.7\n", b""]), st.binary(max_size=2000))
def test_any_bytes_after_a_pdf_or_web_page_start_are_read_or_refused(start, data):
    try:
        parse_report_bytes(start + data)
    except ReportError as error:
        assert error.problems


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(st.integers(0, 2000), st.text(max_size=40))
def test_a_web_page_cut_or_spliced_anywhere_is_read_or_refused(cut, splice):
    page = (FORMS / "calderdale-2025.html").read_text(encoding="utf-8")
    cut = len(page) * cut // 2000

    try:
        parse_report(page[:cut] + splice + page[cut:])
    except ReportError as error:
        assert error.problems
