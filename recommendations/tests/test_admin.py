"""The Django admin, as a data officer uses it."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import ProgressUpdate, Status
from tests import factory

CHANGELISTS = [
    "inspections_region",
    "inspections_pdu",
    "inspections_framework",
    "inspections_inspection",
    "inspections_standard",
    "inspections_keyquestion",
    "inspections_previousrecommendationreview",
    "inspections_membership",
    "recommendations_recommendation",
    "recommendations_action",
    "recommendations_duedatechange",
    "recommendations_progressupdate",
    "recommendations_evidence",
    "recommendations_indicator",
    "recommendations_measurement",
    "recommendations_planchange",
]


@pytest.fixture
def admin_client(client, admin_user, kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)
    factory.update(recommendation, manager, Status.IN_PROGRESS, rag="amber")
    factory.action(recommendation)
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_model_has_a_changelist_that_loads(admin_client, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_searches_without_error(admin_client, name):
    response = admin_client.get(reverse(f"admin:{name}_changelist"), {"q": "Kirklees <x>"})

    assert response.status_code == 200


def test_an_inspection_shows_its_standards_and_key_questions(admin_client, kirklees):
    response = admin_client.get(reverse("admin:inspections_inspection_change", args=[kirklees.pk]))

    assert "P 2.3" in response.text
    assert "Implementation and delivery" in response.text


def test_a_recommendation_shows_its_updates_read_only(admin_client, kirklees):
    recommendation = kirklees.recommendations.get(number=5)

    response = admin_client.get(
        reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    )

    assert response.status_code == 200
    assert 'name="updates-0-what_was_done"' not in response.text
    assert "Work done" in response.text


def test_a_progress_update_cannot_be_changed_in_the_admin(admin_client):
    update = ProgressUpdate.objects.get()
    url = reverse("admin:recommendations_progressupdate_change", args=[update.pk])

    response = admin_client.post(url, {"what_was_done": "Rewritten"})

    update.refresh_from_db()
    assert response.status_code == 403
    assert update.what_was_done == "Work done"


def test_a_progress_update_cannot_be_deleted_in_the_admin(admin_client):
    update = ProgressUpdate.objects.get()
    url = reverse("admin:recommendations_progressupdate_delete", args=[update.pk])

    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def _change_recommendation(admin_client, recommendation, **fields):
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    data = {
        "inspection": recommendation.inspection_id,
        "number": recommendation.number,
        "text": recommendation.text,
        **fields,
    }
    for prefix in ("actions", "plan_changes", "updates"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return admin_client.post(url, data)


def test_changing_a_recommendation_records_who_changed_what(admin_client, admin_user, kirklees):
    recommendation = kirklees.recommendations.get(number=2)
    response = _change_recommendation(admin_client, recommendation, text="Corrected text")
    assert response.status_code == 302
    latest = recommendation.history.latest()
    assert (latest.history_user, latest.text) == (admin_user, "Corrected text")


def test_the_admin_cannot_change_the_plan_in_silence(admin_client, kirklees):
    recommendation = kirklees.recommendations.get(number=2)
    _change_recommendation(
        admin_client,
        recommendation,
        response="agreed",
        owner="Head of Service",
        target_date="2025-03-31",
    )
    recommendation.refresh_from_db()
    assert (recommendation.response, recommendation.owner, recommendation.target_date) == (
        "",
        "",
        None,
    )


def test_the_admin_links_to_the_plan_form_that_records_each_change(admin_client, kirklees):
    recommendation = kirklees.recommendations.get(number=2)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    content = admin_client.get(url).content.decode()
    assert reverse("recommendation-plan", args=[recommendation.pk]) in content


def test_the_admin_cannot_move_a_due_date_in_silence(admin_client, kirklees):
    action = kirklees.recommendations.get(number=5).actions.get()
    url = reverse("admin:recommendations_action_change", args=[action.pk])
    page = admin_client.get(url).content.decode()
    assert reverse("action-move-due-date", args=[action.pk]) in page
    admin_client.post(
        url,
        {
            "description": "Changed in the admin",
            "status": "in_progress",
            "due_date": "2030-01-01",
            "due_date_changes-TOTAL_FORMS": 0,
            "due_date_changes-INITIAL_FORMS": 0,
        },
    )
    action.refresh_from_db()
    assert action.description == "Changed in the admin"
    assert action.due_date != datetime.date(2030, 1, 1)
    assert not action.due_date_changes.exists()


def test_a_published_disagreement_is_flagged_to_the_administrator(client, admin_user):
    inspection = factory.import_fixture("published-mismatch-2025.md")
    client.force_login(admin_user)

    response = client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))

    assert "falls in the Requires improvement band" in response.text
