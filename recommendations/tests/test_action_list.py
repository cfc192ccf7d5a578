import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.models import Role
from recommendations.models import ActionStatus
from tests import factory
from tests.factory import HTMX

ACTIONS = reverse("action-list")

# Session, user, memberships, the count, the page of actions, the PDUs and the people for
# the filter's choices (an unchanged session is not saved).
ACTION_LIST_QUERIES = 7


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def descriptions(response) -> list[str]:
    return [action.description for action in response.context["page"].object_list]


@pytest.fixture
def first(kirklees):
    return kirklees.recommendations.get(number=1)


def test_a_manager_sees_their_pdus_actions_soonest_due_first(signed_in, first):
    factory.action(first, description="Later", due_date=day(20))
    factory.action(first, description="Sooner", due_date=day(2))
    response = signed_in.get(ACTIONS)
    assert response.status_code == 200
    assert descriptions(response) == ["Sooner", "Later"]


def test_a_manager_does_not_see_another_pdus_actions(client, other_manager, first):
    factory.action(first)
    client.force_login(other_manager)
    assert descriptions(client.get(ACTIONS)) == []


def test_each_row_links_to_the_action_on_its_recommendation(signed_in, first):
    action = factory.action(first)
    content = signed_in.get(ACTIONS).content.decode()
    assert f'href="{first.get_absolute_url()}#action-{action.pk}"' in content


def test_the_list_filters_overdue_actions(signed_in, first):
    factory.action(first, description="Late", due_date=day(-1))
    factory.action(first, description="Late but done", due_date=day(-1), status="complete")
    factory.action(first, description="Today", due_date=day(0))
    assert descriptions(signed_in.get(ACTIONS, {"overdue": "on"})) == ["Late"]


def test_the_list_filters_actions_due_within_some_days_both_ends_included(signed_in, first):
    for offset in (-1, 0, 14, 15):
        factory.action(first, description=f"Due {offset}", due_date=day(offset))
    factory.action(first, description="Done", due_date=day(3), status=ActionStatus.COMPLETE)
    assert descriptions(signed_in.get(ACTIONS, {"due_within": "14"})) == ["Due 0", "Due 14"]


def test_the_list_filters_by_status(signed_in, first):
    factory.action(first, description="Started", status=ActionStatus.IN_PROGRESS)
    factory.action(first, description="Not yet")
    assert descriptions(signed_in.get(ACTIONS, {"status": "in_progress"})) == ["Started"]


def test_the_list_filters_to_actions_not_yet_complete(signed_in, first):
    factory.action(first, description="Open", due_date=day(1))
    factory.action(first, description="Done", status=ActionStatus.COMPLETE)
    assert descriptions(signed_in.get(ACTIONS, {"open": "on"})) == ["Open"]


def test_the_list_filters_to_my_actions(signed_in, manager, viewer, first):
    factory.action(first, description="Mine", owner="", owner_user=manager)
    factory.action(first, description="The viewer's", owner="", owner_user=viewer)
    factory.action(first, description="A role's")
    assert descriptions(signed_in.get(ACTIONS, {"mine": "on"})) == ["Mine"]


def test_the_list_filters_by_a_person_of_the_pdu(signed_in, viewer, first):
    factory.action(first, description="The viewer's", owner="", owner_user=viewer)
    factory.action(first, description="A role's")
    response = signed_in.get(ACTIONS, {"owner": viewer.pk})
    assert descriptions(response) == ["The viewer's"]
    assert viewer.get_full_name() in response.content.decode()


def test_a_person_outside_the_users_pdus_is_not_a_choice(signed_in, other_manager, first):
    response = signed_in.get(ACTIONS, {"owner": other_manager.pk})
    assert response.status_code == 400
    assert other_manager.get_full_name() not in response.content.decode()


def test_the_list_filters_by_pdu_for_a_regional_lead(client, lead, first, calderdale):
    other = factory.inspection(calderdale, recommendations=1).recommendations.get()
    factory.action(first, description="Kirklees")
    factory.action(other, description="Calderdale")
    client.force_login(lead)
    assert descriptions(client.get(ACTIONS, {"pdu": calderdale.pk})) == ["Calderdale"]


def test_the_list_filters_to_each_pdus_latest_inspection(signed_in, kirklees, first):
    later = factory.inspection(kirklees.pdu, recommendations=1, published=datetime.date(2026, 1, 1))
    factory.action(first, description="Of 2024")
    factory.action(later.recommendations.get(), description="Of 2026")
    assert descriptions(signed_in.get(ACTIONS, {"latest": "on"})) == ["Of 2026"]


@pytest.mark.parametrize("days", ["-1", "367", "soon", "1.5", "9" * 40])
def test_a_bad_number_of_days_is_an_error_beside_the_field(signed_in, kirklees, days):
    response = signed_in.get(ACTIONS, {"due_within": days})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert "Enter a whole number of days, from 0 to 366" in content
    assert 'href="#id_due_within"' in content


def test_a_pdu_the_user_may_not_see_is_refused_as_a_filter(signed_in, calderdale):
    response = signed_in.get(ACTIONS, {"pdu": calderdale.pk})
    assert response.status_code == 400
    assert "Calderdale" not in response.content.decode()


def test_an_unknown_status_is_an_error(signed_in, kirklees):
    assert signed_in.get(ACTIONS, {"status": "finished"}).status_code == 400


def test_the_filter_form_is_a_get_form_that_htmx_enhances(signed_in, kirklees):
    content = signed_in.get(ACTIONS).content.decode()
    assert f'action="{ACTIONS}"' in content
    assert 'method="get"' in content
    assert 'data-hx-push-url="true"' in content


def test_an_htmx_request_gets_only_the_results(signed_in, first):
    factory.action(first)
    response = signed_in.get(ACTIONS, {"open": "on"}, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.template_name == "recommendations/action_list.html#results"
    assert content.lstrip().startswith('<div id="results">')
    assert "<html" not in content


def test_an_htmx_request_with_a_bad_filter_swaps_the_form_with_its_errors(signed_in, kirklees):
    response = signed_in.get(ACTIONS, {"due_within": "soon"}, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#filter-area"
    assert response.template_name == "recommendations/action_list.html#filter-area"
    assert "There is a problem" in response.content.decode()


def test_a_corrected_filter_sent_to_the_filter_area_swaps_it_without_errors(signed_in, kirklees):
    headers = {**HTMX, "HX-Target": "filter-area"}
    response = signed_in.get(ACTIONS, {"due_within": "7"}, headers=headers)
    assert response.template_name == "recommendations/action_list.html#filter-area"
    assert "There is a problem" not in response.content.decode()


def test_a_history_restore_request_gets_the_whole_page(signed_in, kirklees):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    response = signed_in.get(ACTIONS, headers=headers)
    assert response.template_name == "recommendations/action_list.html"


def test_the_list_varies_on_the_htmx_header(signed_in, kirklees):
    assert "HX-Request" in signed_in.get(ACTIONS).headers["Vary"]


def test_the_list_is_paginated_fifty_to_a_page_keeping_the_filters(signed_in, first):
    for n in range(55):
        factory.action(first, description=f"Action {n:02}", due_date=day(n))
    second = signed_in.get(ACTIONS, {"open": "on", "page": 2})
    assert descriptions(second) == [f"Action {n:02}" for n in range(50, 55)]
    assert "?open=on&amp;page=2" in signed_in.get(ACTIONS, {"open": "on"}).content.decode()


def test_a_bad_page_number_shows_a_page_rather_than_an_error(signed_in, kirklees):
    assert signed_in.get(ACTIONS, {"page": "last"}).status_code == 200


def test_posting_to_the_list_is_not_allowed(signed_in, kirklees):
    assert signed_in.post(ACTIONS).status_code == 405


def test_the_list_takes_the_same_queries_for_more_actions(client, db, django_assert_num_queries):
    north = factory.region("North")
    small = factory.inspection(factory.pdu("Small", in_region=north), recommendations=1)
    factory.action(small.recommendations.get(), owner="", owner_user=factory.member(small.pdu))
    client.force_login(factory.member(north, Role.REGIONAL_LEAD))
    client.get(ACTIONS)
    with django_assert_num_queries(ACTION_LIST_QUERIES):
        client.get(ACTIONS, {"open": "on"})
    big = factory.inspection(factory.pdu("Big", in_region=north), recommendations=4)
    for recommendation in big.recommendations.all():
        for _ in range(5):
            factory.action(recommendation, owner="", owner_user=factory.member(big.pdu))
    with django_assert_num_queries(ACTION_LIST_QUERIES):
        response = client.get(ACTIONS, {"open": "on"})
    assert response.context["page"].paginator.count == 21


fuzz_text = st.text(max_size=60) | st.sampled_from(
    ["", "on", "-1", "0", "366", "367", "1e3", "99999999999999999999", "2025-02-30", "\x00"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(
            ["pdu", "status", "open", "overdue", "due_within", "owner", "mine", "latest", "page"]
        ),
        fuzz_text,
    )
)
def test_whatever_the_filters_say_the_answer_is_a_page_or_a_400(signed_in, first, params):
    assert signed_in.get(ACTIONS, params).status_code in (200, 400)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["owner", "mine", "awaiting", "sent_back", "not_updated_since", "latest"]),
        fuzz_text,
    )
)
def test_whatever_the_recommendation_worklist_filters_say_the_answer_is_a_page_or_a_400(
    signed_in, kirklees, params
):
    assert signed_in.get(reverse("recommendation-list"), params).status_code in (200, 400)


def test_the_actions_list_is_in_the_service_navigation(signed_in, kirklees):
    content = signed_in.get(ACTIONS).content.decode()
    assert f'href="{ACTIONS}" aria-current="page"' in content
    assert f'href="{ACTIONS}">Actions</a>' in signed_in.get(reverse("home")).content.decode()
