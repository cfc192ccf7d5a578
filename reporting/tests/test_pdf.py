"""The PDF progress report: its cover, tags, tables and footers, read back.

Its worst cases (the longest entries, hostile text) and its query count are in
`test_pdf_worst_cases.py`.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from reportlab.platypus import Paragraph, Table

from recommendations.models import Status, UpdateKind
from reporting.export_data import inspection_export_data as inspection_report
from reporting.export_data import inspections_for_export_data as inspections_for_report
from reporting.exports import pdf
from reporting.tests.helpers import at, days_ago
from reporting.tests.pdf_helpers import export, flat, pages, rec
from tests import factory

TODAY = timezone.localdate


@pytest.fixture
def progress(kirklees, manager, lead):
    """1 in progress (Amber) with an overdue action; 2 complete (Green), awaiting verification;
    3 verified by the lead with a comment."""
    first = rec(kirklees, 1)
    factory.update(first, manager, rag="amber", at=at(days_ago(10)), what_was_done="Caseloads down")
    factory.action(first, description="Recruit four POs", due_date=days_ago(3))
    second = rec(kirklees, 2)
    factory.update(second, manager, at=at(days_ago(20)))
    factory.update(second, manager, status="complete", rag="green", at=at(days_ago(5)))
    third = rec(kirklees, 3)
    factory.update(third, manager, at=at(days_ago(9)), what_was_done="Middle managers trained")
    factory.update(third, manager, status="complete", at=at(days_ago(8)))
    factory.update(
        third,
        lead,
        status="verified",
        kind=UpdateKind.VERIFICATION,
        what_was_done="Evidence seen at the quarterly review",
        at=at(days_ago(2)),
    )
    return kirklees


# The cover


def test_the_cover_names_the_pdu_the_as_at_date_the_rating_and_the_score(client, manager, progress):
    client.force_login(manager)
    cover = " ".join(pages(client.get(export(progress)))[0].split())
    assert "Kirklees PDU: progress on the November 2024 inspection's recommendations" in cover
    assert f"As at {TODAY().day} {TODAY():%B %Y}" in cover
    assert "PDU Kirklees" in cover
    assert "Region Yorkshire and the Humber" in cover
    assert "Overall rating Inadequate" in cover
    assert "Score 3 out of 21" in cover


def test_the_cover_gives_the_headline_figures(client, manager, progress):
    client.force_login(manager)
    cover = " ".join(pages(client.get(export(progress)))[0].split())
    assert "8 recommendations" in cover
    assert "1 overdue action" in cover
    assert "1 awaiting verification by the regional lead" in cover
    for status, rag in [
        ("Not started 5", "Red 0"),
        ("In progress 1", "Amber 1"),
        ("Complete 1", "Green 1"),
        ("Verified 1", "No RAG 6"),
    ]:
        assert f"{status} {rag}" in cover


def test_the_cover_draws_the_status_chart_of_the_last_13_weeks(client, manager, progress):
    client.force_login(manager)
    cover = " ".join(pages(client.get(export(progress)))[0].split())
    assert "Status over time" in cover
    # Thirteen bars: the as-at day and the twelve Sundays before it (or thirteen, if a Sunday).
    last_sunday = TODAY() - datetime.timedelta(days=(TODAY().weekday() + 1) % 7)
    first = last_sunday - datetime.timedelta(weeks=12 if last_sunday == TODAY() else 11)
    assert f"from the week ending {first.day} {first:%B %Y}" in cover
    assert "Not started In progress Complete Verified" in cover  # the legend


def test_the_status_chart_stacks_the_same_weekly_counts_as_the_status_pages(kirklees, manager):
    factory.update(rec(kirklees, 1), manager, at=at(days_ago(40)))
    report = inspection_report(inspections_for_report().get(pk=kirklees.pk), TODAY(), "action-plan")
    chart = pdf.status_chart(report.weeks[-13:])
    fills = [shape.fillColor.hexval() for shape in chart.contents if hasattr(shape, "height")]
    assert (
        fills.count("0x1d70b8")
        == 1
        + sum(  # one legend key, then a bar a week in progress
            1 for week in report.weeks[-13:] if week.by_status[Status.IN_PROGRESS]
        )
    )
    assert report.weeks[-1].by_status[Status.IN_PROGRESS] == 1


def test_a_region_cover_lists_its_pdus(client, lead, progress, calderdale):
    factory.inspection(calderdale, recommendations=3)
    client.force_login(lead)
    url = reverse("region-export", args=[progress.pdu.region.pk, "pdf"])
    cover = flat(pages(client.get(url))[:2])
    assert "Region Yorkshire and the Humber" in cover
    assert "PDUs 2, each at its latest inspection" in cover
    assert "11 recommendations" in cover
    assert "Calderdale November 2024" in cover
    assert "Kirklees November 2024 Inadequate 3 8 5 1 1 1 1" in cover


def test_a_list_with_nothing_in_it_says_so(client, lead, kirklees):
    client.force_login(lead)
    url = reverse("recommendation-list-export", args=["pdf"]) + "?status=verified"
    text = flat(pages(client.get(url)))
    assert "No recommendations to report." in text


# Tags and tables


def test_statuses_and_rags_are_tags_that_carry_their_text(client, manager, progress):
    client.force_login(manager)
    overview = flat(pages(client.get(export(progress)))[2:4])
    assert re.search(r"1 ensure that it has sufficient .* In progress Amber", overview)
    assert re.search(r"3 ensure middle managers .* Verified No RAG", overview)


def _header_tables(flowables):
    for flowable in flowables:
        if isinstance(flowable, Table) and flowable.repeatRows:
            yield flowable
        yield from _header_tables(getattr(flowable, "_content", []))


@pytest.mark.parametrize("layout", ["action-plan", "previous-recommendations"])
def test_no_heading_of_any_table_breaks_inside_a_word(kirklees, calderdale, layout):
    factory.inspection(calderdale, recommendations=2)
    report = inspection_report(inspections_for_report().get(pk=kirklees.pk), TODAY(), layout)
    report.several_pdus = True
    headings = 0
    for found in _header_tables(pdf.story(report)):
        for cell, width in zip(found._cellvalues[0], found._colWidths, strict=True):
            room = width - 2 * pdf.CELL_PADDING
            headings += 1
            if isinstance(cell, str):  # drawn on one line
                assert pdf.stringWidth(cell, pdf.BOLD, 8.5) <= room, cell
                continue
            assert isinstance(cell, Paragraph)
            cell.wrap(room, 1000)
            words = cell.text.split()
            for _, line in cell.blPara.lines:
                assert set(line) <= set(words), f"{cell.text!r} broken inside a word: {line}"
    assert headings > 20


def test_the_response_heading_wraps_between_words_only(client, manager, progress):
    client.force_login(manager)
    text = "\n".join(pages(client.get(export(progress))))
    assert re.search(r"Agreed /\s+Partly\s+agreed /\s+Not\s+agreed", text)
    assert not re.search(r"Part\s+ly|Partl\s+y|Agr\s+eed", text)


def test_a_regional_leads_decision_reads_as_the_leads_and_never_as_work_done(
    client, manager, progress, lead
):
    client.force_login(manager)
    text = flat(pages(client.get(export(progress))))
    name = lead.get_full_name()
    assert f"Regional lead's decision Verified by {name}: Evidence seen at the quarterly" in text
    assert text.count("Evidence seen at the quarterly review") == 1
    work = text.split("Recommendation 3", 1)[1].split("Latest updates from the PDU", 1)[1]
    assert "Middle managers trained" in work.split("Recommendation 4")[0]
    assert "Evidence seen" not in work


# Footers


@pytest.mark.parametrize("layout", ["action-plan", "previous-recommendations"])
def test_every_page_has_its_number_of_the_total_and_the_as_at_date(
    client, manager, progress, layout
):
    client.force_login(manager)
    texts = pages(client.get(export(progress, layout) + f"&as_at={days_ago(4).isoformat()}"))
    day = days_ago(4)
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert f"As at {day.day} {day:%B %Y}" in text


def test_a_long_title_is_shortened_in_the_footer_to_leave_room_for_the_page_number(kirklees):
    report = inspection_report(inspections_for_report().get(pk=kirklees.pk), TODAY(), "action-plan")
    report.title = "A very long title " * 20
    footer = pdf.footer_text(report)
    assert footer.endswith(f"…. As at {TODAY().day} {TODAY():%B %Y}")
    page_number = pdf.stringWidth("Page 9999 of 9999", pdf.FONT, 8)
    assert pdf.stringWidth(footer, pdf.FONT, 8) + page_number < pdf.TEXT_WIDTH - 5 * pdf.mm


# The list's filters, and a later inspection's review


def test_a_list_cover_names_the_filters_applied(client, lead, progress):
    client.force_login(lead)
    url = reverse("recommendation-list-export", args=["pdf"])
    cover = flat(
        pages(client.get(url, {"status": "in_progress", "rag": "amber", "overdue": "on"}))[:1]
    )
    assert "Filters Status: In progress; RAG: Amber; Only overdue recommendations" in cover
    assert "1 recommendation 1 overdue action" in cover


def test_a_list_cover_without_filters_says_it_holds_everything_one_sees(client, lead, progress):
    client.force_login(lead)
    cover = flat(pages(client.get(reverse("recommendation-list-export", args=["pdf"])))[:1])
    assert "Filters None: every recommendation you see" in cover


def test_a_later_inspections_review_stands_beside_the_pdus_judgement(client, manager, kirklees):
    earlier = kirklees.previous_inspection
    factory.update(
        earlier.recommendations.get(number=2),
        manager,
        judgement="sufficient",
        at=at(datetime.date(2024, 6, 3)),
    )
    client.force_login(manager)
    url = reverse("recommendation-list-export", args=["pdf"])
    text = flat(
        pages(client.get(url, {"layout": "previous-recommendations", "as_at": "2025-01-31"}))
    )
    assert (
        "Reviewed at the next inspection November 2024 PDU's judgement before its fieldwork "
        "Sufficient progress Inspectorate's categorisation Some progress" in text
    )


def test_columns_fit_their_headings_and_give_way_in_their_cells_when_there_is_no_room():
    headings = ["PDU", "Recommendations", "Score"]
    assert sum(pdf.fit_widths(headings, [1, 0, 0], least=[400])) == pytest.approx(pdf.TEXT_WIDTH)
    widths = pdf.fit_widths(headings, [1, 0, 0], least=[600])
    assert sum(widths) == pytest.approx(pdf.TEXT_WIDTH)
    assert widths[1] >= pdf.stringWidth("Recommendations", pdf.BOLD, 8.5) + 2 * pdf.CELL_PADDING
