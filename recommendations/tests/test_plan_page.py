"""Setting the plan and managing actions on the recommendation's page, with and without htmx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import ActionStatus, PlanChange, Response
from tests import factory
from tests.factory import HTMX

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)
# Session, user, memberships, the recommendation (with its inspection, PDU and region), its
# standards, its current standards, the PDU's people (an unchanged session is not saved).
PLAN_PAGE_QUERIES = 7


def plan_url(recommendation) -> str:
    return reverse("recommendation-plan", args=[recommendation.pk])


def plan(**overrides) -> dict:
    data = {"response": "agreed", "owner": "Head of Service", "target_date": "2025-12-31"}
    data.update(overrides)
    return {f"plan-{name}": value for name, value in data.items()}


def test_the_plan_page_offers_the_pdus_people_as_owners(signed_in, manager, recommendation):
    content = signed_in.get(plan_url(recommendation)).content.decode()
    assert manager.get_full_name() in content
    assert 'name="plan-standards"' in content


def test_a_manager_sets_the_plan_and_is_sent_back_to_the_page(signed_in, recommendation):
    response = signed_in.post(plan_url(recommendation), plan())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#plan")
    recommendation.refresh_from_db()
    assert (recommendation.response, recommendation.owner_name, recommendation.target_date) == (
        Response.AGREED,
        "Head of Service",
        datetime.date(2025, 12, 31),
    )


def test_the_recommendation_page_shows_the_plans_history(signed_in, manager, recommendation):
    signed_in.post(plan_url(recommendation), plan())
    content = signed_in.get(recommendation.get_absolute_url()).content.decode()
    assert "changed from Not set to Head of Service" in content
    assert "changed from Not set to 31 December 2025" in content
    assert manager.get_full_name() in content


def test_a_person_of_the_pdu_can_own_the_recommendation(signed_in, manager, recommendation):
    signed_in.post(plan_url(recommendation), plan(owner="", owner_user=manager.pk))
    recommendation.refresh_from_db()
    assert recommendation.owner_user == manager


def test_someone_outside_the_pdu_cannot_be_chosen_as_owner(
    signed_in, other_manager, recommendation
):
    response = signed_in.post(plan_url(recommendation), plan(owner="", owner_user=other_manager.pk))
    assert response.status_code == 400
    assert "Choose a member of this PDU as the owner" in response.content.decode()


def test_partly_agreed_without_a_reason_shows_the_error_summary_with_400(signed_in, recommendation):
    response = signed_in.post(plan_url(recommendation), plan(response="partly_agreed"))
    content = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in content
    assert "Enter the reason the recommendation is not fully agreed" in content
    assert content.index("govuk-error-summary") < content.index('name="plan-response"')
    assert not PlanChange.objects.exists()


def test_moving_the_target_date_without_a_reason_is_refused(signed_in, recommendation):
    signed_in.post(plan_url(recommendation), plan())
    response = signed_in.post(plan_url(recommendation), plan(target_date="2026-03-31"))
    assert response.status_code == 400
    assert "Enter the reason for moving the target date" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.target_date == datetime.date(2025, 12, 31)


def test_with_htmx_the_change_link_brings_the_form_in_place(signed_in, recommendation):
    response = signed_in.get(plan_url(recommendation), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan"' in content
    assert "<html" not in content


def test_with_htmx_saving_the_plan_swaps_the_section_with_a_banner(signed_in, recommendation):
    response = signed_in.post(plan_url(recommendation), plan(), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Plan saved" in content
    assert "Head of Service" in content
    assert "<html" not in content


def test_with_htmx_an_invalid_plan_comes_back_as_200_with_errors(signed_in, recommendation):
    response = signed_in.post(plan_url(recommendation), plan(response=""), headers=HTMX)
    assert response.status_code == 200
    assert "Select the HMPPS response" in response.content.decode()


def test_a_regional_lead_may_read_but_not_change_the_plan(client, lead, recommendation):
    client.force_login(lead)
    assert client.get(plan_url(recommendation)).status_code == 403
    assert client.post(plan_url(recommendation), plan()).status_code == 403
    assert "Change the plan" not in client.get(recommendation.get_absolute_url()).content.decode()


def test_the_plan_page_takes_the_same_queries_however_much_history(
    signed_in, manager, recommendation, django_assert_num_queries
):
    factory.plan(recommendation, by=manager, owner="Head of Service")
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        signed_in.get(plan_url(recommendation))
    for n in range(5):
        factory.plan(recommendation, by=manager, owner=f"Role {n}")
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        signed_in.get(plan_url(recommendation))


# Actions in place


@pytest.fixture
def action(recommendation):
    return factory.action(recommendation, due_date=NEXT_MONTH)


def test_a_new_action_due_in_the_past_is_refused(signed_in, recommendation):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = signed_in.post(
        reverse("action-create", args=[recommendation.pk]),
        {"action-description": "Audit", "action-owner": "SPO", "action-due_date": yesterday},
    )
    assert response.status_code == 400
    assert "Due date must be today or in the future" in response.content.decode()
    assert not recommendation.actions.exists()


def test_an_action_can_be_owned_by_a_person_of_the_pdu(signed_in, manager, recommendation):
    signed_in.post(
        reverse("action-create", args=[recommendation.pk]),
        {
            "action-description": "Audit",
            "action-owner_user": manager.pk,
            "action-due_date": NEXT_MONTH,
        },
    )
    assert recommendation.actions.get().owner_user == manager


def test_with_htmx_changing_an_actions_status_swaps_its_card(signed_in, action):
    url = reverse("action-set-status", args=[action.pk])
    response = signed_in.post(url, {"status": ActionStatus.COMPLETE}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in content
    assert "Action status changed" in content
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE


def test_without_htmx_changing_an_actions_status_redirects_to_the_action(signed_in, action):
    url = reverse("action-set-status", args=[action.pk])
    response = signed_in.post(url, {"status": ActionStatus.IN_PROGRESS})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#action-{action.pk}")


def test_a_manager_edits_an_actions_description_and_owner(signed_in, manager, action):
    response = signed_in.post(
        reverse("action-edit", args=[action.pk]),
        {"edit-description": "Audit every RoSH case", "edit-owner_user": manager.pk},
    )
    assert response.status_code == 303
    action.refresh_from_db()
    assert (action.description, action.owner_user, action.owner) == (
        "Audit every RoSH case",
        manager,
        "",
    )
    assert action.history.latest().history_user == manager


def test_an_edit_without_an_owner_is_refused(signed_in, action):
    response = signed_in.post(
        reverse("action-edit", args=[action.pk]), {"edit-description": "Audit"}
    )
    assert response.status_code == 400
    assert "Choose the owner, or write their role" in response.content.decode()


def test_with_htmx_the_change_link_brings_the_actions_forms_in_place(signed_in, action):
    response = signed_in.get(reverse("action-move-due-date", args=[action.pk]), headers=HTMX)
    content = response.content.decode()
    assert f'id="action-{action.pk}"' in content
    assert 'name="edit-description"' in content
    assert "<html" not in content


def test_with_htmx_moving_a_due_date_swaps_the_card_and_keeps_the_reason(signed_in, action):
    later = NEXT_MONTH + datetime.timedelta(days=14)
    response = signed_in.post(
        reverse("action-move-due-date", args=[action.pk]),
        {"new_due_date": later, "reason": "Staff sickness"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Due date moved" in response.content.decode()
    assert action.due_date_changes.get().reason == "Staff sickness"


def test_a_regional_lead_may_not_edit_an_action(client, lead, action):
    client.force_login(lead)
    response = client.post(reverse("action-edit", args=[action.pk]), {"edit-description": "x"})
    assert response.status_code == 403
