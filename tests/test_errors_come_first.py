"""Without JavaScript, a page that comes back with errors shows its error summary first, above the
h1, and only once; a form htmx swaps in place carries its own summary (which app.js focuses)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from recommendations.models import Status
from reporting.indicator_loader import load
from tests import factory
from tests.factory import HTMX

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"

SUMMARY = 'class="govuk-error-summary"'


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index('<main class="govuk-main-wrapper"') : html.index("</main>")]


def assert_summary_comes_first(response) -> None:
    main = main_of(response)
    assert main.count(SUMMARY) == 1, "one error summary on the page"
    assert main.index(SUMMARY) < main.index("<h1"), "the error summary is above the h1"


@pytest.fixture
def in_progress(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)
    factory.update(recommendation, manager, Status.IN_PROGRESS, rag="amber", judgement="some")
    return recommendation


@pytest.fixture
def complete(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=6)
    factory.update(recommendation, manager, Status.IN_PROGRESS, rag="amber", judgement="some")
    factory.update(recommendation, manager, Status.COMPLETE, rag="green", judgement="sufficient")
    return recommendation


@pytest.fixture
def action(in_progress):
    return factory.action(in_progress, description="Audit safeguarding enquiries monthly")


def test_an_update_with_errors_leads_the_recommendation_page_with_its_summary(
    client, manager, in_progress
):
    client.force_login(manager)

    response = client.post(reverse("recommendation-log-update", args=[in_progress.pk]), {})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_an_update_with_errors_swapped_in_carries_its_own_summary(client, manager, in_progress):
    client.force_login(manager)

    response = client.post(
        reverse("recommendation-log-update", args=[in_progress.pk]), {}, headers=HTMX
    )

    html = response.content.decode()
    assert html.count(SUMMARY) == 1
    assert html.index(SUMMARY) < html.index("Log an update")


def test_a_decision_with_errors_leads_the_recommendation_page_with_its_summary(
    client, lead, complete
):
    client.force_login(lead)

    response = client.post(reverse("recommendation-verify", args=[complete.pk]), {})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_a_new_action_with_errors_leads_the_recommendation_page_with_its_summary(
    client, manager, in_progress
):
    client.force_login(manager)

    response = client.post(reverse("action-create", args=[in_progress.pk]), {})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_a_due_date_move_with_errors_leads_the_action_page_with_its_summary(
    client, manager, action
):
    client.force_login(manager)

    response = client.post(reverse("action-move-due-date", args=[action.pk]), {})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_an_action_edit_with_errors_leads_the_action_page_with_its_summary(client, manager, action):
    client.force_login(manager)

    response = client.post(reverse("action-edit", args=[action.pk]), {"description": ""})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_an_action_form_swapped_in_carries_its_own_summary(client, manager, action):
    client.force_login(manager)

    response = client.post(reverse("action-move-due-date", args=[action.pk]), {}, headers=HTMX)

    html = response.content.decode()
    assert html.count(SUMMARY) == 1
    assert "<h1" not in html


def test_the_plan_with_errors_leads_its_page_with_its_summary(client, manager, in_progress):
    client.force_login(manager)

    response = client.post(reverse("recommendation-plan", args=[in_progress.pk]), {})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_a_measurement_with_errors_leads_its_page_with_its_summary(client, manager, kirklees):
    load(json.loads(INDICATORS.read_text()))
    indicator = kirklees.indicators.order_by("pk").first()
    client.force_login(manager)

    response = client.post(reverse("measurement-create", args=[indicator.pk]), {"source": ""})

    assert response.status_code == 400
    assert_summary_comes_first(response)


def test_a_sign_in_with_errors_leads_its_page_with_its_summary(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "wrong"})

    assert_summary_comes_first(response)
