import datetime

from django.urls import reverse
from django.utils import timezone

from inspections.models import Role
from recommendations.filters import RecommendationFilter
from recommendations.models import RAG, Recommendation, Status, UpdateKind
from recommendations.plan import change_plan
from recommendations.queries import scoped_recommendations
from recommendations.tests.data import give_every_recommendation_history, use_private_storage
from tests import factory
from tests.factory import HTMX

LIST = reverse("recommendation-list")

# Session, user, memberships, the count, the page of recommendations, the PDUs and the
# people for the filter's choices (an unchanged session is not saved).
LIST_QUERIES = 7


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def update_back_then(recommendation, author, at, status=Status.IN_PROGRESS):
    """An update logged at `at`, with the position it left (as record_update wrote it then)."""
    made = factory.update(recommendation, author, status, at=at)
    Recommendation.objects.filter(pk=recommendation.pk).update(position_updated_at=at)
    return made


def numbers(response) -> list[int]:
    return [r.number for r in response.context["page"].object_list]


def test_a_manager_sees_their_pdus_recommendations(signed_in, kirklees):
    response = signed_in.get(LIST)
    assert response.status_code == 200
    # The 2024 inspection's eight, then the seven of 2023 that it reviewed.
    assert numbers(response) == list(range(1, 9)) + list(range(1, 8))


def test_a_manager_does_not_see_another_pdus_recommendations(client, other_manager, kirklees):
    client.force_login(other_manager)
    assert numbers(client.get(LIST)) == []


def test_the_list_filters_by_status(signed_in, manager, kirklees):
    factory.update(kirklees.recommendations.get(number=3), manager, status=Status.IN_PROGRESS)
    assert numbers(signed_in.get(LIST, {"status": "in_progress"})) == [3]


def test_the_list_filters_by_rag(signed_in, manager, kirklees):
    factory.update(kirklees.recommendations.get(number=2), manager, rag=RAG.GREEN)
    assert numbers(signed_in.get(LIST, {"rag": "green"})) == [2]


def give_owner(recommendation, person, by):
    change_plan(recommendation, by=by, owner_user=person)


def test_the_list_filters_by_an_owner_chosen_from_the_pdus_people(signed_in, manager, kirklees):
    give_owner(kirklees.recommendations.get(number=5), manager, manager)
    assert numbers(signed_in.get(LIST, {"owner": manager.pk})) == [5]


def test_the_owner_choices_are_the_people_of_the_pdus_the_user_sees(
    signed_in, manager, viewer, other_manager, kirklees
):
    choices = list(signed_in.get(LIST).context["form"].fields["owner"].queryset)
    assert set(choices) == {manager, viewer}


def test_an_owner_from_another_pdu_is_refused_as_a_filter(signed_in, other_manager, kirklees):
    response = signed_in.get(LIST, {"owner": other_manager.pk})
    assert response.status_code == 400
    assert "Choose an owner from the list" in response.content.decode()


def test_the_list_filters_to_the_recommendations_i_own(signed_in, manager, viewer, kirklees):
    give_owner(kirklees.recommendations.get(number=2), manager, manager)
    give_owner(kirklees.recommendations.get(number=3), viewer, manager)
    assert numbers(signed_in.get(LIST, {"mine": "on"})) == [2]


def test_the_list_shows_a_persons_name_or_a_role_as_the_owner(signed_in, manager, kirklees):
    give_owner(kirklees.recommendations.get(number=1), manager, manager)
    change_plan(kirklees.recommendations.get(number=2), by=manager, owner="Head of Service")
    content = signed_in.get(LIST).content.decode()
    assert manager.get_full_name() in content
    assert "Head of Service" in content


def test_the_list_filters_to_those_awaiting_verification_longest_first(
    signed_in, manager, kirklees
):
    now = timezone.now()
    for number, days_ago in [(4, 3), (2, 10), (7, 5)]:
        recommendation = kirklees.recommendations.get(number=number)
        factory.update(recommendation, manager, Status.IN_PROGRESS, at=now - days(days_ago + 1))
        factory.update(recommendation, manager, Status.COMPLETE, at=now - days(days_ago))
    response = signed_in.get(LIST, {"awaiting": "on"})
    assert numbers(response) == [2, 7, 4]
    assert "Waiting 10 days" in response.content.decode()


def test_a_second_complete_update_does_not_restart_the_wait(signed_in, manager, kirklees):
    now = timezone.now()
    recommendation = kirklees.recommendations.get(number=3)
    factory.update(recommendation, manager, Status.IN_PROGRESS, at=now - days(20))
    factory.update(recommendation, manager, Status.COMPLETE, at=now - days(12))
    factory.update(recommendation, manager, Status.COMPLETE, at=now - days(2))
    page = signed_in.get(LIST, {"awaiting": "on"}).context["page"]
    assert timezone.localdate(page.object_list[0].awaiting_since) == (now - days(12)).date()


def test_a_wait_starts_again_after_a_send_back(signed_in, manager, lead, kirklees):
    now = timezone.now()
    recommendation = kirklees.recommendations.get(number=3)
    factory.update(recommendation, manager, Status.IN_PROGRESS, at=now - days(30))
    factory.update(recommendation, manager, Status.COMPLETE, at=now - days(20))
    factory.update(
        recommendation,
        lead,
        Status.IN_PROGRESS,
        kind=UpdateKind.SENT_BACK,
        reason="No evidence of the audits",
        at=now - days(15),
    )
    factory.update(recommendation, manager, Status.COMPLETE, at=now - days(4))
    page = signed_in.get(LIST, {"awaiting": "on"}).context["page"]
    assert timezone.localdate(page.object_list[0].awaiting_since) == (now - days(4)).date()


def test_the_list_filters_to_those_sent_back_by_the_lead(signed_in, manager, lead, kirklees):
    sent_back, taken_up = kirklees.recommendations.filter(number__in=[5, 6])
    for recommendation in (sent_back, taken_up):
        factory.update(recommendation, manager, Status.IN_PROGRESS)
        factory.update(recommendation, manager, Status.COMPLETE)
        factory.update(
            recommendation,
            lead,
            Status.IN_PROGRESS,
            kind=UpdateKind.SENT_BACK,
            reason="No evidence",
        )
    factory.update(taken_up, manager, Status.IN_PROGRESS, what_was_done="More audits")
    assert numbers(signed_in.get(LIST, {"sent_back": "on"})) == [5]


def test_the_list_filters_to_those_not_updated_since_a_day(signed_in, manager, kirklees):
    now = timezone.now()
    update_back_then(kirklees.recommendations.get(number=1), manager, now - days(40))
    update_back_then(kirklees.recommendations.get(number=2), manager, now - days(3))
    since = (now - days(28)).date().isoformat()
    # Kirklees was published in 2024: a recommendation never updated counts as quiet.
    quiet_2023 = list(range(1, 8))  # the 2023 inspection's, never updated
    assert numbers(signed_in.get(LIST, {"not_updated_since": since})) == [
        *[1, 3, 4, 5, 6, 7, 8],
        *quiet_2023,
    ]


def test_a_recommendation_never_updated_is_not_quiet_before_its_report_was_published(client, db):
    today = timezone.localdate()
    fresh = factory.inspection(recommendations=2, published=today.replace(day=1))
    client.force_login(factory.member(fresh.pdu, Role.MANAGER))
    since = today.replace(day=1).isoformat()
    assert numbers(client.get(LIST, {"not_updated_since": since})) == []


def test_a_not_updated_since_day_that_is_not_a_date_is_an_error(signed_in, kirklees):
    response = signed_in.get(LIST, {"not_updated_since": "last month"})
    assert response.status_code == 400
    assert "Not updated since date must be a real date" in response.content.decode()


def test_a_not_updated_since_day_out_of_range_is_an_error(signed_in, kirklees):
    response = signed_in.get(LIST, {"not_updated_since": "0001-01-01"})
    assert response.status_code == 400
    assert "between 2000 and 2099" in response.content.decode()


def test_the_list_filters_to_each_pdus_latest_inspection(signed_in, kirklees):
    factory.inspection(kirklees.pdu, recommendations=2, published=datetime.date(2026, 1, 1))
    response = signed_in.get(LIST, {"latest": "on"})
    assert numbers(response) == [1, 2]
    assert {r.inspection.published.year for r in response.context["page"].object_list} == {2026}


def test_the_list_filters_by_standard_code(signed_in, kirklees):
    recommendation = kirklees.recommendations.get(number=4)
    recommendation.standards.set(kirklees.standards.filter(code__in=["P 2.1", "P 2.2"]))
    assert numbers(signed_in.get(LIST, {"standard": "P 2.1"})) == [4]


def test_the_standard_filter_forgives_spacing_and_case(signed_in, kirklees):
    kirklees.recommendations.get(number=4).standards.set(kirklees.standards.filter(code="P 2.1"))
    assert numbers(signed_in.get(LIST, {"standard": " p2.1 "})) == [4]


def test_the_overdue_filter_finds_an_overdue_action(signed_in, kirklees):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factory.action(kirklees.recommendations.get(number=6), due_date=yesterday)
    factory.action(kirklees.recommendations.get(number=7), due_date=yesterday, status="complete")
    assert numbers(signed_in.get(LIST, {"overdue": "on"})) == [6]


def test_the_overdue_filter_finds_a_missed_target_date(signed_in, manager, kirklees):
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    kirklees.recommendations.filter(number__in=[1, 2]).update(target_date=last_week)
    done = kirklees.recommendations.get(number=2)
    factory.update(done, manager, status=Status.IN_PROGRESS)
    factory.update(done, manager, status=Status.COMPLETE)
    assert numbers(signed_in.get(LIST, {"overdue": "on"})) == [1]


def test_a_regional_lead_filters_by_pdu(client, lead, kirklees, calderdale):
    factory.inspection(calderdale, recommendations=2)
    client.force_login(lead)
    # Kirklees 2024's eight and the seven of 2023 it reviewed, and Calderdale's two.
    assert len(client.get(LIST).context["page"].object_list) == 17
    response = client.get(LIST, {"pdu": calderdale.pk})
    assert numbers(response) == [1, 2]


def test_a_pdu_the_user_may_not_see_is_refused_as_a_filter(signed_in, calderdale):
    response = signed_in.get(LIST, {"pdu": calderdale.pk})
    assert response.status_code == 400
    assert "Calderdale" not in response.content.decode()


def test_an_unknown_status_shows_an_error_summary_with_status_400(signed_in, kirklees):
    response = signed_in.get(LIST, {"status": "finished"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_status"' in content


def test_a_malformed_standard_code_is_an_error(signed_in, kirklees):
    response = signed_in.get(LIST, {"standard": "<script>"})
    assert response.status_code == 400
    assert "like P 2.1" in response.content.decode()


def test_an_owner_that_is_not_a_person_is_an_error_not_a_crash(signed_in, kirklees):
    assert signed_in.get(LIST, {"owner": "x" * 5000}).status_code == 400


def test_a_non_numeric_pdu_is_an_error_not_a_crash(signed_in, kirklees):
    assert signed_in.get(LIST, {"pdu": "abc"}).status_code == 400


def test_the_filter_form_is_a_get_form_that_htmx_enhances(signed_in, kirklees):
    content = signed_in.get(LIST).content.decode()
    assert 'method="get"' in content
    assert 'data-hx-push-url="true"' in content
    assert 'data-hx-trigger="change, submit"' in content


def test_an_htmx_request_gets_only_the_results(signed_in, kirklees):
    response = signed_in.get(LIST, {"status": "not_started"}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "recommendations/list.html#results"
    assert content.lstrip().startswith('<div id="results">')
    assert "<html" not in content


def test_a_history_restore_request_gets_the_whole_page(signed_in, kirklees):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = signed_in.get(LIST, headers=headers)
    assert response.template_name == "recommendations/list.html"
    assert "<html" in response.content.decode()


def test_an_htmx_request_with_a_bad_filter_swaps_the_form_with_its_errors(signed_in, kirklees):
    response = signed_in.get(LIST, {"rag": "purple"}, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#filter-area"
    assert response.template_name == "recommendations/list.html#filter-area"
    assert "There is a problem" in response.content.decode()


def test_the_list_varies_on_the_htmx_header(signed_in, kirklees):
    assert "HX-Request" in signed_in.get(LIST).headers["Vary"]


def test_the_list_is_paginated_fifty_to_a_page(client, db):
    inspection = factory.inspection(recommendations=60)
    client.force_login(factory.user(superuser=True))
    second = client.get(LIST, {"page": 2})
    assert numbers(second) == list(range(51, 61))
    assert 'aria-label="Pagination"' in client.get(LIST).content.decode()
    assert inspection.recommendations.count() == 60


def test_pagination_links_keep_the_filters(client, db):
    factory.inspection(recommendations=60)
    client.force_login(factory.user(superuser=True))
    content = client.get(LIST, {"status": "not_started"}).content.decode()
    assert "?status=not_started&amp;page=2" in content


def test_a_bad_page_number_shows_a_page_rather_than_an_error(signed_in, kirklees):
    assert signed_in.get(LIST, {"page": "last-but-one"}).status_code == 200
    assert signed_in.get(LIST, {"page": "9999"}).status_code == 200


def test_posting_to_the_list_is_not_allowed(signed_in, kirklees):
    assert signed_in.post(LIST).status_code == 405


def test_the_filterset_works_for_exports_without_http(rf, lead, kirklees):
    request = rf.get(LIST)
    request.user = lead
    filterset = RecommendationFilter(
        {"status": "not_started"}, queryset=scoped_recommendations(lead), request=request
    )
    assert filterset.is_valid()
    assert filterset.qs.count() == 8 + 7  # Kirklees 2024's and the 2023 ones it reviewed


def test_the_list_takes_the_same_queries_for_more_recommendations(
    client, db, settings, tmp_path, django_assert_num_queries
):
    use_private_storage(settings, tmp_path)
    north = factory.region("North")
    small = factory.inspection(factory.pdu("Small", in_region=north), recommendations=3)
    author = factory.user()
    give_every_recommendation_history(small, author, actions=1, updates=1)
    client.force_login(factory.member(north, Role.REGIONAL_LEAD))
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    big = factory.inspection(factory.pdu("Big", in_region=north), recommendations=12)
    give_every_recommendation_history(big, author, actions=3, updates=4)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 15


def test_once_the_form_shows_errors_it_targets_the_whole_filter_area(signed_in, kirklees):
    content = signed_in.get(LIST, {"rag": "purple"}).content.decode()
    assert 'data-hx-target="#filter-area"' in content


def test_a_corrected_filter_sent_to_the_filter_area_swaps_it_without_errors(signed_in, kirklees):
    headers = {**HTMX, "HX-Target": "filter-area"}
    response = signed_in.get(LIST, {"rag": "red"}, headers=headers)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "recommendations/list.html#filter-area"
    assert "There is a problem" not in content
    assert 'data-hx-target="#results"' in content
