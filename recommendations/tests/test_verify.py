import pytest
from django.urls import reverse

from recommendations.models import RAG, Status
from tests import factory
from tests.factory import HTMX


@pytest.fixture
def complete(recommendation, manager):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS, rag=RAG.GREEN)
    factory.update(recommendation, manager, status=Status.COMPLETE, rag=RAG.GREEN)
    return recommendation


def url(recommendation) -> str:
    return reverse("recommendation-verify", args=[recommendation.pk])


def decide(decision: str, reason: str = "", comments: str = "") -> dict:
    return {"verify-decision": decision, "verify-reason": reason, "verify-comments": comments}


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


def test_a_regional_lead_verifies_a_complete_recommendation(signed_in, lead, complete):
    response = signed_in.post(url(complete), decide("verify"))
    assert response.status_code == 303
    complete.refresh_from_db()
    assert complete.status == Status.VERIFIED
    assert complete.updates.first().author == lead


def test_verifying_keeps_the_pdus_rag(signed_in, complete):
    signed_in.post(url(complete), decide("verify"))
    complete.refresh_from_db()
    assert complete.rag == RAG.GREEN


def test_a_regional_lead_sends_it_back_with_a_reason(signed_in, complete):
    signed_in.post(url(complete), decide("send_back", reason="No evidence of impact yet"))
    complete.refresh_from_db()
    assert complete.status == Status.IN_PROGRESS
    assert complete.updates.first().reason == "No evidence of impact yet"


def test_sending_back_without_a_reason_is_refused(signed_in, complete):
    response = signed_in.post(url(complete), decide("send_back"))
    assert response.status_code == 400
    assert "Enter the reason for sending it back" in response.content.decode()
    assert complete.updates.count() == 2


def test_a_recommendation_that_is_not_complete_cannot_be_verified(signed_in, recommendation):
    response = signed_in.post(url(recommendation), decide("verify"))
    assert response.status_code == 400
    assert "not waiting to be verified" in response.content.decode()
    assert not recommendation.updates.exists()


def test_with_htmx_verifying_swaps_the_section_and_the_timeline(signed_in, complete):
    response = signed_in.post(url(complete), decide("verify"), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "recommendations/update_response.html"
    assert "Update recorded" in content
    assert 'data-hx-swap-oob="true"' in content


def test_with_htmx_a_refused_decision_comes_back_as_200_with_errors(signed_in, complete):
    response = signed_in.post(url(complete), decide(""), headers=HTMX)
    assert response.status_code == 200
    assert "Select whether to verify" in response.content.decode()


def test_a_manager_may_not_verify(client, manager, complete):
    client.force_login(manager)
    assert client.post(url(complete), decide("verify")).status_code == 403


def test_a_lead_of_another_region_gets_404(client, other_lead, complete):
    client.force_login(other_lead)
    assert client.post(url(complete), decide("verify")).status_code == 404


def test_getting_the_verify_url_is_not_allowed(signed_in, complete):
    assert signed_in.get(url(complete)).status_code == 405
