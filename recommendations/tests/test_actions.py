import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from recommendations.actions import move_due_date
from recommendations.models import Action, DueDateChange
from tests import factory
from tests.factory import HTMX

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)

# Session, user, memberships, the action (with its recommendation, inspection, PDU and owner), its
# due-date changes (with who made them) and the PDU's people (the owner choices); an unchanged
# session is not saved.
DUE_DATE_PAGE_QUERIES = 6


@pytest.fixture
def action(recommendation):
    return factory.action(recommendation, due_date=datetime.date(2025, 3, 31))


def add_url(recommendation) -> str:
    return reverse("action-create", args=[recommendation.pk])


def move_url(action) -> str:
    return reverse("action-move-due-date", args=[action.pk])


def new_action(**overrides) -> dict:
    data = {"description": "Audit RoSH assessments", "owner": "SPO", "due_date": NEXT_MONTH}
    data.update(overrides)
    return {f"action-{name}": value for name, value in data.items()}


def test_a_manager_adds_an_action(signed_in, manager, recommendation):
    response = signed_in.post(add_url(recommendation), new_action())
    assert response.status_code == 303
    action = recommendation.actions.get()
    assert (action.description, action.owner, action.due_date) == (
        "Audit RoSH assessments",
        "SPO",
        NEXT_MONTH,
    )
    assert action.created_by == manager


def test_with_htmx_adding_an_action_swaps_the_actions_section(signed_in, recommendation):
    response = signed_in.post(add_url(recommendation), new_action(), headers=HTMX)
    content = response.content.decode()
    assert response.template_name == "recommendations/detail.html#actions"
    assert content.lstrip().startswith('<section id="actions"')
    assert "Action added" in content
    assert "Audit RoSH assessments" in content


def test_a_date_that_does_not_exist_is_refused(signed_in, recommendation):
    response = signed_in.post(add_url(recommendation), new_action(due_date="2025-02-30"))
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert not recommendation.actions.exists()


def test_a_date_far_in_the_future_is_refused(signed_in, recommendation):
    response = signed_in.post(add_url(recommendation), new_action(due_date="9999-12-31"))
    assert response.status_code == 400


def test_an_invalid_htmx_action_comes_back_as_200_with_errors(signed_in, recommendation):
    response = signed_in.post(add_url(recommendation), new_action(owner=""), headers=HTMX)
    assert response.status_code == 200
    assert "Choose the owner, or write their role" in response.content.decode()


def test_a_viewer_may_not_add_an_action(client, viewer, recommendation):
    client.force_login(viewer)
    assert client.post(add_url(recommendation), new_action()).status_code == 403


def test_a_regional_lead_may_not_add_an_action(client, lead, recommendation):
    client.force_login(lead)
    assert client.post(add_url(recommendation), new_action()).status_code == 403


def test_the_due_date_page_shows_the_form_and_the_history(signed_in, manager, action):
    move_due_date(action, new_due_date=datetime.date(2025, 4, 30), reason="Sickness", by=manager)
    response = signed_in.get(move_url(action))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sickness" in content
    assert 'name="new_due_date-day"' in content


def test_moving_the_due_date_records_the_change(signed_in, manager, action):
    response = signed_in.post(
        move_url(action), {"new_due_date": "2025-05-31", "reason": "Waiting for training"}
    )
    assert response.status_code == 303
    action.refresh_from_db()
    change = action.due_date_changes.get()
    assert action.due_date == datetime.date(2025, 5, 31)
    assert (change.old_due_date, change.new_due_date) == (
        datetime.date(2025, 3, 31),
        datetime.date(2025, 5, 31),
    )
    assert (change.reason, change.changed_by) == ("Waiting for training", manager)


def test_moving_the_due_date_needs_a_reason(signed_in, action):
    response = signed_in.post(move_url(action), {"new_due_date": "2025-05-31", "reason": " "})
    assert response.status_code == 400
    assert "Enter the reason for the change" in response.content.decode()
    assert not DueDateChange.objects.exists()


def test_moving_the_due_date_to_the_same_date_is_refused(signed_in, action):
    response = signed_in.post(move_url(action), {"new_due_date": "2025-03-31", "reason": "x"})
    assert response.status_code == 400


def test_a_bad_date_when_moving_is_refused(signed_in, action):
    response = signed_in.post(move_url(action), {"new_due_date": "tomorrow", "reason": "x"})
    assert response.status_code == 400


def test_every_move_is_kept(signed_in, action):
    signed_in.post(move_url(action), {"new_due_date": "2025-04-30", "reason": "One"})
    signed_in.post(move_url(action), {"new_due_date": "2025-05-31", "reason": "Two"})
    assert [
        (c.old_due_date.month, c.new_due_date.month) for c in action.due_date_changes.all()
    ] == [(3, 4), (4, 5)]


def test_a_viewer_may_not_open_the_due_date_page(client, viewer, action):
    client.force_login(viewer)
    assert client.get(move_url(action)).status_code == 403


def test_a_manager_of_another_pdu_gets_404_for_the_due_date_page(client, other_manager, action):
    client.force_login(other_manager)
    assert client.get(move_url(action)).status_code == 404


def test_a_manager_changes_an_actions_status(signed_in, action):
    response = signed_in.post(
        reverse("action-set-status", args=[action.pk]), {"status": "complete"}
    )
    assert response.status_code == 303
    action.refresh_from_db()
    assert action.status == "complete"


def test_an_unknown_action_status_is_refused(signed_in, action):
    response = signed_in.post(reverse("action-set-status", args=[action.pk]), {"status": "done"})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == "not_started"


def test_the_due_date_page_takes_the_same_queries_whatever_the_history(
    signed_in, manager, action, django_assert_num_queries
):
    signed_in.get(move_url(action))
    with django_assert_num_queries(DUE_DATE_PAGE_QUERIES):
        signed_in.get(move_url(action))
    for month in range(4, 10):
        move_due_date(action, new_due_date=datetime.date(2025, month, 1), reason="x", by=manager)
    with django_assert_num_queries(DUE_DATE_PAGE_QUERIES):
        signed_in.get(move_url(action))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises every writer anyway"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_are_serialised_and_both_kept():
    inspection = factory.inspection(recommendations=1)
    author = factory.user()
    action = factory.action(inspection.recommendations.get(), due_date=datetime.date(2025, 3, 31))
    barrier = threading.Barrier(2)
    errors = []

    def move(new_date: datetime.date) -> None:
        try:
            barrier.wait()
            move_due_date(
                Action.objects.get(pk=action.pk), new_due_date=new_date, reason="x", by=author
            )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=move, args=(datetime.date(2025, m, 1),)) for m in (5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    changes = list(DueDateChange.objects.filter(action=action).order_by("pk"))
    action.refresh_from_db()
    assert len(changes) == 2
    # The second move starts from where the first one left the date.
    assert changes[1].old_due_date == changes[0].new_due_date
    assert action.due_date == changes[1].new_due_date
