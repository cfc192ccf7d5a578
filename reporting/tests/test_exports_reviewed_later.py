"""HMIP's layout carries a later inspection's review beside the PDU's own judgement."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Status
from reporting.tests.helpers import read_csv, read_xlsx
from tests import factory

LAYOUT = {"layout": "previous-recommendations"}
LATER = [
    "Reviewed at the next inspection",
    "PDU's judgement before its fieldwork",
    "Inspectorate's categorisation",
    "Inspectorate: improvement still required?",
]


@pytest.fixture
def earlier(kirklees, manager):
    earlier = kirklees.previous_inspection
    before = timezone.make_aware(datetime.datetime(2024, 6, 3, 10))
    factory.update(
        earlier.recommendations.get(number=2),
        manager,
        Status.IN_PROGRESS,
        judgement="sufficient",
        improvement_still_required=False,
        at=before,
    )
    return earlier


def export(inspection, fmt: str) -> str:
    return reverse("inspection-export", args=[inspection.pk, fmt])


def list_export(fmt: str) -> str:
    """The recommendations list's export: the 2023 recommendations first, then 2024's."""
    return reverse("recommendation-list-export", args=[fmt])


def test_the_csv_sets_the_pdus_judgement_beside_the_inspectorates(client, manager, earlier):
    client.force_login(manager)

    rows = read_csv(client.get(list_export("csv"), {**LAYOUT, "as_at": "2025-01-31"}))

    assert rows[0][-4:] == LATER
    assert rows[2][:2] == ["Kirklees", "2"]
    assert rows[2][-4:] == ["November 2024", "Sufficient progress", "Some progress", "Yes"]
    assert rows[1][-4:] == ["November 2024", "Not judged", "No progress", "Yes"]
    assert rows[8][-4:] == ["", "", "", ""]  # 2024's first: not reviewed yet


def test_the_spreadsheet_carries_the_same_columns(client, manager, earlier):
    client.force_login(manager)

    sheet = read_xlsx(
        client.get(list_export("xlsx"), {**LAYOUT, "as_at": "2025-01-31"})
    ).worksheets[1]

    headings = [cell.value for cell in sheet[1]]
    assert headings[-4:] == LATER
    assert [cell.value for cell in sheet[3]][-3:] == [
        "Sufficient progress",
        "Some progress",
        "Yes",
    ]


def test_a_review_published_after_the_as_at_date_is_not_reported(client, manager, earlier):
    client.force_login(manager)

    rows = read_csv(client.get(list_export("csv"), {**LAYOUT, "as_at": "2024-10-31"}))

    assert "Inspectorate's categorisation" not in rows[0]


def test_an_inspection_nobody_reviewed_keeps_the_usual_columns(client, manager, kirklees):
    client.force_login(manager)

    rows = read_csv(client.get(export(kirklees, "csv"), LAYOUT))

    assert rows[0][-1] == "Verification"


def test_the_action_plan_layout_is_unchanged(client, manager, earlier):
    client.force_login(manager)

    rows = read_csv(client.get(list_export("csv"), {"as_at": "2025-01-31"}))

    assert "Inspectorate's categorisation" not in rows[0]
