"""The activity page and its CSV: filters, pagination, htmx and plain, bad input, query counts."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.views import PAGE_SIZE
from recommendations.actions import add_action, move_due_date
from recommendations.models import Direction, Measurement, Status, Unit
from tests import factory
from tests.factory import HTMX

TODAY = timezone.localdate()
URL = reverse("activity")
CSV_URL = reverse("activity-export")


def log_updates(recommendation, author, count: int) -> None:
    for number in range(count):
        factory.update(recommendation, author, Status.IN_PROGRESS, what_was_done=f"Work {number}")


def some_of_everything(recommendation, manager) -> None:
    """One event of each kind a manager makes in a day's work."""
    factory.update(recommendation, manager, Status.IN_PROGRESS, what_was_done="Hired two POs")
    action = add_action(
        recommendation,
        description="Audit RoSH assessments",
        due_date=TODAY + datetime.timedelta(days=30),
        owner="SPO",
        by=manager,
    )
    move_due_date(
        action,
        new_due_date=action.due_date + datetime.timedelta(days=7),
        reason="Leave",
        by=manager,
    )


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_page_shows_the_events_newest_first_with_who_and_when(
    signed_in, manager, recommendation
):
    some_of_everything(recommendation, manager)
    response = signed_in.get(URL)
    content = response.content.decode().split('id="activity-results"')[1]
    assert response.status_code == 200
    assert response.template_name == "activity/activity.html"
    assert content.index("Due date moved") < content.index("Action added")
    assert content.index("Action added") < content.index("Logged a progress update")
    assert "by Manager Tester" in content
    assert "3 events since" in content


def test_the_default_is_the_last_seven_days(signed_in, manager, recommendation):
    factory.update(recommendation, manager, at=timezone.now() - datetime.timedelta(days=10))
    response = signed_in.get(URL)
    since = TODAY - datetime.timedelta(days=7)
    assert f"0 events since {since:%-d %B %Y}" in response.content.decode()


def test_an_earlier_since_date_shows_older_events(signed_in, manager, recommendation):
    factory.update(recommendation, manager, at=timezone.now() - datetime.timedelta(days=10))
    since = TODAY - datetime.timedelta(days=30)
    response = signed_in.get(URL, {"since": since.isoformat()})
    assert "1 event since" in response.content.decode()


def test_the_kind_filter_keeps_the_kinds_ticked(signed_in, manager, recommendation):
    some_of_everything(recommendation, manager)
    response = signed_in.get(URL, {"kind": ["due_date_moved", "update"]})
    content = response.content.decode()
    assert "2 events since" in content
    assert "Action added" not in content.split('id="activity-results"')[1]


def test_the_pdu_filter_offers_only_the_users_pdus(signed_in, calderdale, kirklees):
    content = signed_in.get(URL).content.decode()
    assert "Kirklees" in content
    assert "Calderdale" not in content


def test_a_lead_can_narrow_the_feed_to_one_pdu(client, lead, manager, recommendation, calderdale):
    factory.update(recommendation, manager)
    client.force_login(lead)
    response = client.get(URL, {"pdu": calderdale.pk})
    assert "0 events since" in response.content.decode()
    response = client.get(URL, {"pdu": recommendation.inspection.pdu_id})
    assert "1 event since" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2025-02-30"}, "Since date must be a real date"),
        ({"since": "nonsense"}, "Since date must be a real date"),
        ({"since": "1999-12-31"}, "Since date must be between 2000 and 2099"),
        (
            {"since-day": "1", "since-month": "1", "since-year": "2098"},
            "Since date must be today or in the past",
        ),
        ({"since-day": "1", "since-year": "2025"}, "Since date must include a month"),
        ({"kind": "everything"}, "Select kinds of event from the list"),
        ({"pdu": "nonsense"}, "Select a PDU from the list"),
    ],
)
def test_a_bad_filter_gets_a_400_and_a_message_by_the_field(signed_in, query, message):
    response = signed_in.get(URL, query)
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert content.count(message) == 2  # in the summary and beside the field
    assert "Correct the filters to see the activity." in content
    assert "<title>Error: Activity" in content


def test_tomorrow_is_in_the_future(signed_in):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = signed_in.get(URL, {"since": tomorrow.isoformat()})
    assert response.status_code == 400


def test_a_pdu_the_user_may_not_see_is_refused(client, other_manager, kirklees):
    client.force_login(other_manager)
    response = client.get(URL, {"pdu": kirklees.pdu_id})
    assert response.status_code == 400
    assert "Select a PDU from the list" in response.content.decode()
    assert "Kirklees" not in response.content.decode()


def test_the_feed_is_paginated(signed_in, manager, recommendation):
    log_updates(recommendation, manager, PAGE_SIZE + 3)
    first = signed_in.get(URL).content.decode()
    assert f"Work {PAGE_SIZE + 2}" in first
    assert "Work 2<" not in first
    assert "page 1 of 2" in first
    assert 'class="govuk-pagination"' in first
    second = signed_in.get(URL, {"page": 2}).content.decode()
    assert "page 2 of 2" in second
    assert [f"Work {n}<" in second for n in range(3)] == [True, True, True]


def test_a_page_past_the_end_shows_the_last_page(signed_in, manager, recommendation):
    log_updates(recommendation, manager, 3)
    response = signed_in.get(URL, {"page": 99})
    assert response.status_code == 200
    assert "3 events since" in response.content.decode()


def test_with_htmx_filtering_swaps_only_the_results(signed_in, manager, recommendation):
    factory.update(recommendation, manager)
    response = signed_in.get(URL, {"kind": "update"}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "activity/activity.html#results"
    assert content.lstrip().startswith('<div id="activity-results"')
    assert "<html" not in content


def test_with_htmx_a_bad_filter_swaps_the_filter_area_with_its_errors(signed_in):
    response = signed_in.get(URL, {"since": "nonsense"}, headers=HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert response.template_name == "activity/activity.html#filter-area"
    assert response.headers["HX-Retarget"] == "#activity-filter-area"
    assert "Since date must be a real date" in response.content.decode()


def test_with_htmx_a_corrected_filter_swaps_the_filter_area_back(signed_in):
    headers = {**HTMX, "HX-Target": "activity-filter-area"}
    response = signed_in.get(URL, {"since": ""}, headers=headers)
    assert response.template_name == "activity/activity.html#filter-area"
    assert "There is a problem" not in response.content.decode()


def test_a_history_restore_gets_the_whole_page(signed_in):
    response = signed_in.get(URL, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert response.template_name == "activity/activity.html"


def test_the_answer_varies_on_htmx(signed_in):
    assert "HX-Request" in signed_in.get(URL).headers["Vary"]


def test_the_csv_link_carries_the_filters(signed_in):
    since = (TODAY - datetime.timedelta(days=3)).isoformat()
    content = signed_in.get(URL, {"since": since, "kind": "update", "page": "1"}).content.decode()
    assert f'href="{CSV_URL}?since={since}&amp;kind=update"' in content


def test_the_csv_holds_every_event_in_the_filters(signed_in, manager, recommendation):
    log_updates(recommendation, manager, PAGE_SIZE + 3)
    response = signed_in.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    since = TODAY - datetime.timedelta(days=7)
    assert response["Content-Disposition"] == (
        f'attachment; filename="activity-since-{since:%Y-%m-%d}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["When", "Who", "Kind", "PDU", "Recommendation", "What happened", "Link"]
    assert len(rows) == 1 + PAGE_SIZE + 3
    assert rows[1][1:5] == ["Manager Tester", "Progress update", "Kirklees", "1"]
    assert rows[1][6] == f"/recommendations/{recommendation.pk}/#timeline"
    assert datetime.datetime.fromisoformat(rows[1][0]).tzinfo is not None


def test_the_csv_keeps_to_the_kinds_chosen(signed_in, manager, recommendation):
    some_of_everything(recommendation, manager)
    rows = read_csv(signed_in.get(CSV_URL, {"kind": "due_date_moved"}))
    assert [row[2] for row in rows[1:]] == ["Due date moved"]


def test_csv_cells_that_look_like_formulas_are_neutralised(signed_in, manager, recommendation):
    factory.update(recommendation, manager, what_was_done="x")
    manager.first_name, manager.last_name = "=HYPERLINK(1)", ""
    manager.save()
    rows = read_csv(signed_in.get(CSV_URL))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_a_bad_filter_on_the_csv_gets_the_page_with_errors(signed_in):
    response = signed_in.get(CSV_URL, {"since": "1999-01-01"})
    assert response.status_code == 400
    assert "Since date must be between 2000 and 2099" in response.content.decode()


def test_another_pdus_events_never_reach_the_csv(client, other_manager, manager, recommendation):
    factory.update(recommendation, manager)
    client.force_login(other_manager)
    assert read_csv(client.get(CSV_URL))[1:] == []


# Session, user, memberships, the PDU choices, the count and the page's events (an
# unchanged session is not saved: kirklees_tracker/sessions.py).
PAGE_QUERIES = 6


@pytest.mark.parametrize("updates", [2, PAGE_SIZE + 5])
def test_the_page_takes_the_same_queries_whatever_the_data(
    signed_in, manager, recommendation, django_assert_num_queries, updates
):
    some_of_everything(recommendation, manager)
    log_updates(recommendation, manager, updates)
    with django_assert_num_queries(PAGE_QUERIES):
        assert signed_in.get(URL).status_code == 200


@pytest.mark.parametrize("updates", [2, PAGE_SIZE + 5])
def test_a_filtered_htmx_page_takes_the_same_queries_whatever_the_data(
    signed_in, manager, recommendation, django_assert_num_queries, updates
):
    some_of_everything(recommendation, manager)
    log_updates(recommendation, manager, updates)
    query = {"pdu": recommendation.inspection.pdu_id, "kind": ["update", "action_added"]}
    # The chosen PDU is read when the form is cleaned; the choices, not rendered, are not.
    with django_assert_num_queries(PAGE_QUERIES):
        assert signed_in.get(URL, query, headers=HTMX).status_code == 200


def test_the_inspection_page_links_to_its_pdus_activity(signed_in, kirklees):
    content = signed_in.get(reverse("inspection-detail", args=[kirklees.pk])).content.decode()
    assert f'href="{URL}?pdu={kirklees.pdu_id}"' in content


def test_the_region_page_links_to_the_activity(client, lead, yorkshire):
    client.force_login(lead)
    content = client.get(reverse("region-detail", args=[yorkshire.pk])).content.decode()
    assert f'href="{URL}"' in content


def test_the_navigation_marks_the_activity_page_as_current(signed_in):
    content = signed_in.get(URL).content.decode()
    assert f'href="{URL}" aria-current="page"' in content


@pytest.fixture
def workload(kirklees, recommendation):
    made = kirklees.indicators.create(
        name="PO workload",
        source="134% of WMT capacity",
        unit=Unit.PERCENT_OF_CAPACITY,
        better=Direction.LOWER,
        baseline_value=Decimal("134"),
        baseline_date=datetime.date(2024, 8, 1),
    )
    made.recommendations.add(recommendation)
    return made


def test_a_measurement_entered_on_its_form_records_who_entered_it(signed_in, manager, workload):
    url = reverse("measurement-create", args=[workload.pk])
    response = signed_in.post(url, {"date": TODAY.isoformat(), "value": "128"})
    assert response.status_code == 302
    assert workload.measurements.get().recorded_by == manager


def test_the_recommendation_page_says_who_entered_the_latest_measurement(
    signed_in, manager, workload, recommendation
):
    Measurement.objects.create(
        indicator=workload, date=TODAY, value=Decimal("128"), recorded_by=manager
    )
    content = signed_in.get(recommendation.get_absolute_url()).content.decode()
    assert "Entered by Manager Tester" in content
