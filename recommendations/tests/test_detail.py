import datetime
import re

from django.urls import reverse

from inspections.models import Role
from recommendations.models import Response, Status
from recommendations.tests.data import give_history, use_private_storage
from tests import factory

# Session, user, memberships; the recommendation once (scoped, with its inspection, PDU, region,
# any repeated recommendation and its count of updates), with everything its page shows:
# standards, their key questions, actions (with their owners), their due-date changes, the
# plan's changes, the later inspections' reviews of it (with the position before their
# fieldwork); the timeline's page of updates (with authors) and their evidence; the indicators
# (through their links, with their measurements); the status strip's updates; the PDU's people
# (the owner choices). No session write: an unchanged session is not saved on every request.
DETAIL_QUERIES = 16


def url(recommendation) -> str:
    return reverse("recommendation-detail", args=[recommendation.pk])


def page(client, user, recommendation):
    client.force_login(user)
    return client.get(url(recommendation))


def test_the_page_shows_the_recommendation_text_and_its_inspection(client, manager, recommendation):
    response = page(client, manager, recommendation)
    content = response.content.decode()
    assert response.status_code == 200
    assert recommendation.text in content
    assert reverse("inspection-detail", args=[recommendation.inspection.pk]) in content


def test_the_page_shows_the_hmpps_response_owner_and_target_date(client, manager, recommendation):
    factory.plan(
        recommendation,
        response=Response.PARTLY_AGREED,
        response_reason="Recruitment is national.",
        owner="Head of Service",
        target_date=datetime.date(2025, 6, 30),
    )
    content = page(client, manager, recommendation).content.decode()
    for text in ("Partly agreed", "Recruitment is national.", "Head of Service", "30 June 2025"):
        assert text in content


def test_the_status_tag_has_an_id_for_htmx_to_swap(client, manager, recommendation):
    content = page(client, manager, recommendation).content.decode()
    assert 'id="recommendation-status"' in content
    assert 'id="current-position"' in content


def test_the_timeline_lists_updates_newest_first_with_their_authors(
    client, manager, recommendation
):
    factory.update(recommendation, manager, what_was_done="First step")
    factory.update(recommendation, manager, status=Status.COMPLETE, what_was_done="Second step")
    content = page(client, manager, recommendation).content.decode()
    assert 'class="moj-timeline"' in content
    assert content.index("Second step") < content.index("First step")
    assert manager.get_full_name() in content


def test_the_timeline_shows_the_reason_for_reopening(client, manager, recommendation):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    factory.update(recommendation, manager, status=Status.NOT_STARTED, reason="Started too soon")
    assert "Started too soon" in page(client, manager, recommendation).content.decode()


def test_the_timeline_links_evidence_through_the_download_view(
    client, manager, recommendation, settings, tmp_path
):
    use_private_storage(settings, tmp_path)
    give_history(recommendation, manager, actions=0, updates=1)
    evidence = recommendation.updates.get().evidence.get()
    content = page(client, manager, recommendation).content.decode()
    assert reverse("evidence-download", args=[evidence.uuid]) in content
    assert "note 0.pdf" in content


def test_the_actions_table_flags_overdue_actions_and_keeps_due_date_history(
    client, manager, recommendation, settings, tmp_path
):
    use_private_storage(settings, tmp_path)
    give_history(recommendation, manager, actions=2, updates=0)
    content = page(client, manager, recommendation).content.decode()
    assert "Overdue" in content
    assert "Staff shortage" in content
    assert "Moved 1 time" in content


def test_the_page_shows_the_standards_addressed_with_evidence_from_the_report(
    client, manager, recommendation
):
    assessment = recommendation.inspection.standards.get(code="P 2.1")
    recommendation.standards.set([assessment])
    content = page(client, manager, recommendation).content.decode()
    assert "P 2.1 Assessment" in content
    assert "Evidence from the report" in content
    assert "43% Yes" in content


def test_the_page_shows_the_previous_recommendation_it_repeats(client, manager, recommendation):
    review = recommendation.inspection.previous_recommendation_reviews.first()
    recommendation.repeats = review
    recommendation.save()
    content = page(client, manager, recommendation).content.decode()
    assert "Repeats a previous recommendation" in content
    assert review.get_categorisation_display() in content


def test_a_manager_gets_the_update_form_and_the_action_form(client, manager, recommendation):
    response = page(client, manager, recommendation)
    assert response.context["update_form"] is not None
    assert response.context["action_form"] is not None
    assert response.context["verify_form"] is None


def test_a_manager_is_offered_only_the_statuses_the_workflow_allows(
    client, manager, recommendation
):
    form = page(client, manager, recommendation).context["update_form"]
    assert [value for value, _ in form.fields["status"].choices] == [
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
    ]


def test_the_update_form_posts_to_a_real_url_and_enhances_with_htmx(
    client, manager, recommendation
):
    content = page(client, manager, recommendation).content.decode()
    action = reverse("recommendation-log-update", args=[recommendation.pk])
    assert f'action="{action}"' in content
    assert f'data-hx-post="{action}"' in content
    assert 'enctype="multipart/form-data"' in content


def test_a_regional_lead_gets_no_update_form(client, lead, recommendation):
    response = page(client, lead, recommendation)
    assert response.context["update_form"] is None
    assert response.context["verify_form"] is None


def test_a_regional_lead_gets_the_verify_form_when_the_pdu_says_it_is_complete(
    client, manager, lead, recommendation
):
    factory.update(recommendation, manager, status=Status.IN_PROGRESS)
    factory.update(recommendation, manager, status=Status.COMPLETE)
    response = page(client, lead, recommendation)
    assert response.context["verify_form"] is not None
    assert reverse("recommendation-verify", args=[recommendation.pk]) in response.content.decode()


def test_a_viewer_gets_no_form(client, viewer, recommendation):
    content = page(client, viewer, recommendation).content.decode()
    assert "<textarea" not in content
    assert 'type="radio"' not in content


def test_the_page_has_one_h1_and_no_duplicate_ids(client, manager, recommendation):
    content = page(client, manager, recommendation).content.decode()
    assert content.count("<h1") == 1
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids))


def test_a_manager_of_another_pdu_gets_404(client, other_manager, recommendation):
    assert page(client, other_manager, recommendation).status_code == 404


def test_the_page_takes_the_same_queries_whatever_the_history(
    client, db, settings, tmp_path, django_assert_num_queries
):
    use_private_storage(settings, tmp_path)
    inspection = factory.inspection(recommendations=2)
    small, big = inspection.recommendations.all()
    manager = factory.member(inspection.pdu, Role.MANAGER)
    give_history(small, manager, actions=1, updates=1, indicators=1)
    give_history(big, manager, actions=5, updates=9, indicators=4)
    client.force_login(manager)
    client.get(url(small))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(url(small))
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url(big))
    assert len(response.context["updates"]) == 9


def test_the_timeline_shows_the_latest_ten_updates_and_links_to_older_ones(
    client, manager, recommendation
):
    for n in range(12):
        factory.update(recommendation, manager, what_was_done=f"Step number {n:02}")
    content = page(client, manager, recommendation).content.decode()
    assert "Step number 11" in content
    assert "Step number 02" in content
    assert "Step number 01" not in content
    assert 'href="?updates=2#timeline"' in content
    assert "Updates 1 to 10 of 12" in content


def test_the_older_updates_page_without_htmx_is_the_whole_page(client, manager, recommendation):
    for n in range(12):
        factory.update(recommendation, manager, what_was_done=f"Step number {n:02}")
    client.force_login(manager)
    content = client.get(url(recommendation), {"updates": 2}).content.decode()
    assert "<html" in content
    assert "Step number 01" in content
    assert "Step number 11" not in content


def test_with_htmx_the_older_updates_swap_just_the_timeline(client, manager, recommendation):
    for n in range(12):
        factory.update(recommendation, manager, what_was_done=f"Step number {n:02}")
    client.force_login(manager)
    response = client.get(
        url(recommendation),
        {"updates": 2},
        headers={"HX-Request": "true", "HX-Target": "timeline"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="timeline"' in content
    assert "Step number 00" in content
    assert "HX-Target" in response.headers["Vary"]


def test_a_nonsense_timeline_page_shows_the_first(client, manager, recommendation):
    factory.update(recommendation, manager, what_was_done="Only step")
    client.force_login(manager)
    response = client.get(url(recommendation), {"updates": "x' OR 1=1"})
    assert response.status_code == 200
    assert "Only step" in response.content.decode()


def improvement_still_required(content: str) -> str:
    """What the current position says under "Improvement still required?"."""
    found = re.search(
        r"Improvement still required\?</dt>\s*<dd[^>]*>([^<]*)</dd>",
        content.partition('id="current-position"')[2],
    )
    return found.group(1)


def test_the_current_position_says_not_said_before_anyone_answers(client, manager, recommendation):
    assert improvement_still_required(page(client, manager, recommendation).content.decode()) == (
        "Not said"
    )


def test_the_current_position_says_yes_or_no_as_the_latest_update_answered(
    client, manager, recommendation
):
    factory.update(recommendation, manager, improvement_still_required=False)
    assert (
        improvement_still_required(page(client, manager, recommendation).content.decode()) == "No"
    )
