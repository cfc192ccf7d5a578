import re

from django.test import Client
from django.urls import reverse

from recommendations.models import Evidence, ProgressUpdate, Status
from recommendations.rules import TransitionRefused
from tests import factory
from tests.factory import HTMX


def url(recommendation) -> str:
    return reverse("recommendation-log-update", args=[recommendation.pk])


def fields(**overrides) -> dict:
    data = {
        "what_was_done": "Recruited two POs",
        "impact": "Caseloads down to 120% of WMT capacity",
        "status": Status.IN_PROGRESS,
        "rag": "amber",
        "judgement": "some",
        "improvement_still_required": "yes",
        "reason": "",
    }
    data.update(overrides)
    return {f"update-{name}": value for name, value in data.items()}


def test_a_manager_logs_an_update_and_is_sent_back_to_the_page(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields())
    assert response.status_code == 303
    assert (
        response.headers["Location"]
        == reverse("recommendation-detail", args=[recommendation.pk]) + "#timeline"
    )


def test_the_update_becomes_the_current_position(signed_in, manager, recommendation):
    signed_in.post(url(recommendation), fields())
    recommendation.refresh_from_db()
    update = recommendation.updates.get()
    assert (recommendation.status, recommendation.rag, recommendation.judgement) == (
        "in_progress",
        "amber",
        "some",
    )
    assert recommendation.improvement_still_required is True
    assert update.author == manager
    assert update.impact == "Caseloads down to 120% of WMT capacity"


def test_the_page_after_the_redirect_says_update_recorded(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(), follow=True)
    assert "Update recorded" in response.content.decode()


def test_with_htmx_the_answer_swaps_the_form_and_sends_the_timeline_out_of_band(
    signed_in, recommendation
):
    response = signed_in.post(url(recommendation), fields(), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "recommendations/update_response.html"
    assert content.lstrip().startswith('<section id="log-update"')
    assert (
        '<section id="timeline" aria-labelledby="timeline-heading" data-hx-swap-oob="true">'
        in content
    )
    assert '<span id="recommendation-status" data-hx-swap-oob="true">' in content
    assert (
        'id="current-position" aria-labelledby="current-position-heading" data-hx-swap-oob'
        in content
    )
    assert "Recruited two POs" in content


def test_with_htmx_the_success_banner_asks_for_focus(signed_in, recommendation):
    content = signed_in.post(url(recommendation), fields(), headers=HTMX).content.decode()
    assert "govuk-notification-banner--success" in content
    assert "data-app-focus" in content
    assert "Update recorded" in content


def test_with_htmx_the_fresh_form_offers_the_next_statuses(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(), headers=HTMX)
    form = response.context["update_form"]
    assert not form.is_bound
    assert Status.COMPLETE in dict(form.fields["status"].choices)


def test_a_missing_description_shows_the_error_summary_with_status_400(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(what_was_done="  "))
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert "Enter what was done" in content
    assert 'href="#id_update-what_was_done"' in content
    assert not ProgressUpdate.objects.exists()


def test_an_invalid_htmx_post_re_renders_the_form_with_errors_as_200(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(what_was_done=""), headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter what was done" in content
    assert "data-hx-swap-oob" not in content
    assert not ProgressUpdate.objects.exists()


def test_moving_back_without_a_reason_is_refused_on_the_reason_field(
    signed_in, manager, recommendation
):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    response = signed_in.post(url(recommendation), fields(status=Status.NOT_STARTED))
    assert response.status_code == 400
    assert "Give a reason for moving this recommendation back" in str(
        response.context["update_form"].errors["reason"]
    )
    assert recommendation.updates.count() == 1


def test_moving_back_with_a_reason_is_recorded(signed_in, manager, recommendation):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    signed_in.post(url(recommendation), fields(status=Status.NOT_STARTED, reason="Wrong entry"))
    assert recommendation.updates.first().reason == "Wrong entry"


def test_skipping_a_status_is_refused(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(status=Status.COMPLETE))
    assert response.status_code == 400
    assert "status" in response.context["update_form"].errors


def test_a_manager_cannot_mark_a_recommendation_verified(signed_in, manager, recommendation):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    factory.update(recommendation, manager, status=Status.COMPLETE)
    response = signed_in.post(url(recommendation), fields(status=Status.VERIFIED))
    assert response.status_code == 400
    recommendation.refresh_from_db()
    assert recommendation.status == Status.COMPLETE


def test_an_administrator_may_verify_through_the_ordinary_form(
    client, admin_user, manager, recommendation
):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    factory.update(recommendation, manager, status=Status.COMPLETE)
    client.force_login(admin_user)
    assert client.post(url(recommendation), fields(status=Status.VERIFIED)).status_code == 303


def test_text_over_five_thousand_characters_is_refused(signed_in, recommendation):
    response = signed_in.post(url(recommendation), fields(impact="x" * 5001))
    assert response.status_code == 400
    assert "5,000 characters or fewer" in response.content.decode()


def test_an_unknown_rag_is_refused(signed_in, recommendation):
    assert signed_in.post(url(recommendation), fields(rag="purple")).status_code == 400


def test_a_regional_lead_may_not_log_an_ordinary_update(client, lead, recommendation):
    client.force_login(lead)
    assert client.post(url(recommendation), fields()).status_code == 403


def test_a_viewer_may_not_log_an_update(client, viewer, recommendation):
    client.force_login(viewer)
    assert client.post(url(recommendation), fields()).status_code == 403
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (Status.NOT_STARTED, "")


def test_a_manager_of_another_pdu_gets_404(client, other_manager, recommendation):
    client.force_login(other_manager)
    assert client.post(url(recommendation), fields()).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_getting_the_update_url_is_not_allowed(signed_in, recommendation):
    assert signed_in.get(url(recommendation)).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(manager, recommendation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(url(recommendation), fields()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_an_update_to_a_recommendation_that_does_not_exist_is_404(signed_in, kirklees):
    assert signed_in.post("/recommendations/999999/updates/", fields()).status_code == 404


def test_no_evidence_row_is_written_when_the_update_is_refused(signed_in, recommendation):
    signed_in.post(url(recommendation), fields(status=Status.COMPLETE))
    assert not Evidence.objects.exists()


def test_a_status_moved_on_by_someone_else_meanwhile_is_shown_as_an_error(
    signed_in, recommendation, monkeypatch
):
    # The form was checked against the page's status; the locked row had moved on since.
    def refuse(*args, **kwargs):
        raise TransitionRefused("A recommendation that is Complete can move on to Verified.")

    monkeypatch.setattr("recommendations.views.record_update", refuse)
    response = signed_in.post(url(recommendation), fields())
    assert response.status_code == 400
    assert "can move on to Verified" in str(response.context["update_form"].errors["status"])


def test_with_htmx_the_current_position_sent_out_of_band_reads_yes(signed_in, recommendation):
    content = signed_in.post(url(recommendation), fields(), headers=HTMX).content.decode()
    position = content.partition('id="current-position"')[2]
    assert re.search(r"Improvement still required\?</dt>\s*<dd[^>]*>Yes</dd>", position)
