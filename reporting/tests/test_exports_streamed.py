"""CSV and Excel exports read the report a few inspections at a time, in bounded memory.

Positions and the latest updates are picked in SQL; every chunk takes the same queries; the
output is the same however the report is cut into chunks; and an export of four times the
PDUs peaks at about the same memory (measured with tracemalloc, never as a time).
"""

import datetime
import tracemalloc

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import ProgressUpdate, Status, UpdateKind
from recommendations.rules import end_of_day, position_as_at
from reporting.export_data import export, latest_update_texts, positions_in_sql
from reporting.tests.helpers import queries_for, read_csv, read_xlsx
from tests import factory

START = timezone.make_aware(datetime.datetime(2025, 1, 6, 9))
RECOMMENDATIONS_EACH = 4
UPDATES_EACH = 30


def history(recommendation, author, count: int, start=START, **fields) -> None:
    """`count` updates, a day apart, with words long enough to weigh something."""
    statuses = [Status.IN_PROGRESS, Status.COMPLETE, Status.IN_PROGRESS]
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            **{
                "recommendation": recommendation,
                "author": author,
                "created_at": start + datetime.timedelta(days=index),
                "what_was_done": f"Step {index}: " + "caseloads reviewed with each PO. " * 30,
                "impact": "WMT down by a point",
                "status": statuses[index % 3],
                "rag": ["red", "amber", "green"][index % 3],
                **fields,
            }
        )
        for index in range(count)
    )


def region_with_history(name: str, pdus: int, author):
    region = factory.region(name)
    for index in range(pdus):
        inspection = factory.inspection(
            factory.pdu(f"{name} {index}", in_region=region), recommendations=RECOMMENDATIONS_EACH
        )
        for recommendation in inspection.recommendations.all():
            history(recommendation, author, UPDATES_EACH)
            factory.action(recommendation, description="Audit of RoSH assessments " * 5)
    return region


@pytest.fixture
def chunks_of(monkeypatch):
    def set_size(size: int) -> None:
        monkeypatch.setattr(export, "INSPECTIONS_PER_CHUNK", size)

    return set_size


@pytest.fixture
def superuser(db):
    return factory.user(superuser=True)


def region_export(region, fmt: str) -> str:
    return reverse("region-export", args=[region.pk, fmt])


# Positions and the latest words, in SQL


def test_positions_picked_in_sql_are_the_positions_the_updates_leave(superuser):
    inspection = factory.inspection(recommendations=3)
    first, second, untouched = inspection.recommendations.order_by("number")
    history(first, superuser, 5)
    # Two updates at the same moment: the later saved one wins, as in `position_as_at`.
    history(second, superuser, 1, status=Status.NOT_STARTED)
    history(second, superuser, 1, judgement="some", improvement_still_required=True)
    history(
        second, superuser, 1, start=START + datetime.timedelta(days=9), kind=UpdateKind.VERIFICATION
    )
    ids = [first.pk, second.pk, untouched.pk]
    for days in (-1, 0, 2, 4, 9, 30):
        as_at = (START + datetime.timedelta(days=days)).date()
        moment = end_of_day(as_at)
        expected = {
            pk: position_as_at(ProgressUpdate.objects.filter(recommendation_id=pk), moment)
            for pk in ids
        }
        assert positions_in_sql(ids, as_at) == expected, as_at


def test_the_latest_words_are_the_three_latest_own_updates_and_the_latest_decision(superuser):
    recommendation = factory.inspection(recommendations=1).recommendations.get()
    history(recommendation, superuser, 6)
    history(
        recommendation,
        superuser,
        2,
        start=START + datetime.timedelta(hours=1),
        kind=UpdateKind.VERIFICATION,
    )
    history(recommendation, superuser, 1, start=START + datetime.timedelta(days=8))

    texts, decisions = latest_update_texts([recommendation.pk], datetime.date(2025, 1, 10))

    assert [t.what_was_done[:7] for t in texts[recommendation.pk]] == [
        "Step 4:",
        "Step 3:",
        "Step 2:",
    ]
    assert decisions[recommendation.pk].kind == UpdateKind.VERIFICATION
    assert decisions[recommendation.pk].created_at == START + datetime.timedelta(days=1, hours=1)


# The same output, however it is cut


@pytest.mark.parametrize("layout", ["action-plan", "previous-recommendations"])
def test_a_csv_read_a_pdu_at_a_time_is_the_csv_read_at_once(client, superuser, chunks_of, layout):
    region = region_with_history("Yorkshire", 3, superuser)
    client.force_login(superuser)
    chunks_of(1)
    one_by_one = read_csv(client.get(region_export(region, "csv"), {"layout": layout}))
    chunks_of(100)
    at_once = read_csv(client.get(region_export(region, "csv"), {"layout": layout}))
    assert len(one_by_one) == 1 + 3 * RECOMMENDATIONS_EACH
    assert one_by_one == at_once


def test_a_workbook_read_a_pdu_at_a_time_is_the_workbook_read_at_once(client, superuser, chunks_of):
    region = region_with_history("Yorkshire", 3, superuser)
    client.force_login(superuser)

    def cells(workbook):
        return {sheet.title: [[c.value for c in row] for row in sheet] for sheet in workbook}

    chunks_of(1)
    one_by_one = cells(read_xlsx(client.get(region_export(region, "xlsx"))))
    chunks_of(100)
    at_once = cells(read_xlsx(client.get(region_export(region, "xlsx"))))
    assert list(one_by_one) == ["Summary", "Yorkshire 0", "Yorkshire 1", "Yorkshire 2"]
    assert one_by_one == at_once


# Queries: a fixed number per chunk


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_chunk_of_an_export_takes_the_same_number_of_queries(
    client, superuser, chunks_of, fmt
):
    chunks_of(2)
    client.force_login(superuser)
    counts = []
    for pdus in (2, 4, 6):  # one, two and three chunks
        region = region_with_history(f"Region of {pdus}", pdus, superuser)
        url = region_export(region, fmt)
        client.get(url)
        response, count = queries_for(client, url)
        assert response.status_code == 200
        counts.append(count)
    first, second, third = counts
    assert second - first == third - second > 0


# Memory: bounded by the chunk, not the number of PDUs


def peak_bytes(client, url: str) -> int:
    """The most memory Python held at once while the export was made and read."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(url)
        # Read as a client would, not kept; the test client closes the response at the end.
        for _ in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_of_four_times_the_pdus_peaks_at_about_the_same_memory(
    client, superuser, chunks_of, fmt
):
    chunks_of(2)
    small = region_with_history("Small", 2, superuser)
    large = region_with_history("Large", 8, superuser)
    client.force_login(superuser)
    client.get(region_export(small, fmt))  # what a first export loads, loaded

    small_peak = peak_bytes(client, region_export(small, fmt))
    large_peak = peak_bytes(client, region_export(large, fmt))

    # Read whole, the large report held four times the rows (a peak 2.2 times the small one's
    # for Excel); in chunks, one chunk's worth. What is left to grow is the file itself and
    # openpyxl's few objects per sheet, a sheet per PDU.
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
