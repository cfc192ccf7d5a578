import datetime

from django.urls import reverse
from django.utils import timezone

from inspections.models import Role
from recommendations.models import Status
from recommendations.tests.data import give_every_recommendation_history, use_private_storage
from tests import factory

# Session, user, memberships, PDUs with their latest inspection, those inspections with their
# counts: 5 (an unchanged session is not saved); then a manager's
# worklist (actions' figures, recommendations' figures), or a lead's (the count awaiting
# verification, the longest waiting, the quiet PDUs).
MANAGER_HOME_QUERIES = 7
LEAD_HOME_QUERIES = 8


def test_a_manager_sees_their_pdu_with_its_latest_inspection(client, manager, kirklees):
    client.force_login(manager)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "inspections/home.html"
    assert [row.pdu.name for row in response.context["rows"]] == ["Kirklees"]
    assert response.context["rows"][0].inspection == kirklees


def test_the_home_page_shows_the_rating_and_the_score_out_of_the_maximum(client, manager, kirklees):
    client.force_login(manager)
    content = client.get(reverse("home")).content.decode()
    assert "3/21" in content
    assert "Inadequate" in content
    assert reverse("inspection-detail", args=[kirklees.pk]) in content


def test_the_home_page_counts_recommendations_by_status(client, manager, kirklees):
    first, second, *_ = kirklees.recommendations.all()
    factory.update(first, manager, status=Status.IN_PROGRESS)
    factory.update(second, manager, status=Status.IN_PROGRESS)
    factory.update(second, manager, status=Status.COMPLETE)
    client.force_login(manager)
    inspection = client.get(reverse("home")).context["rows"][0].inspection
    assert (
        inspection.count_not_started,
        inspection.count_in_progress,
        inspection.count_complete,
        inspection.count_verified,
    ) == (6, 1, 1, 0)


def test_the_home_page_counts_overdue_actions_only(client, manager, kirklees):
    recommendation = kirklees.recommendations.first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factory.action(recommendation, due_date=yesterday)
    factory.action(recommendation, due_date=yesterday, status="complete")
    factory.action(recommendation)
    client.force_login(manager)
    assert client.get(reverse("home")).context["rows"][0].inspection.overdue_actions == 1


def test_a_regional_lead_sees_every_pdu_in_their_region(client, lead, kirklees, calderdale):
    client.force_login(lead)
    rows = client.get(reverse("home")).context["rows"]
    assert [row.pdu.name for row in rows] == ["Calderdale", "Kirklees"]
    assert rows[0].inspection is None


def test_a_manager_does_not_see_other_pdus(client, other_manager, kirklees):
    client.force_login(other_manager)
    content = client.get(reverse("home")).content.decode()
    assert "Kirklees" not in content


def test_a_user_without_membership_is_told_to_ask_an_administrator(client, db):
    client.force_login(factory.user())
    assert "Ask an administrator" in client.get(reverse("home")).content.decode()


def test_the_home_page_takes_the_same_queries_for_more_pdus_and_more_history(
    client, lead, kirklees, settings, tmp_path, django_assert_num_queries
):
    use_private_storage(settings, tmp_path)
    client.force_login(lead)
    client.get(reverse("home"))
    with django_assert_num_queries(LEAD_HOME_QUERIES):
        client.get(reverse("home"))
    give_every_recommendation_history(kirklees, lead)
    for n in range(4):
        factory.inspection(factory.pdu(f"Extra {n}", in_region=kirklees.pdu.region))
    manager = factory.member(kirklees.pdu, Role.MANAGER)
    later = factory.inspection(kirklees.pdu, published=datetime.date(2026, 1, 1))
    give_every_recommendation_history(later, manager)
    for recommendation in later.recommendations.all():
        factory.update(recommendation, manager, Status.COMPLETE)
    with django_assert_num_queries(LEAD_HOME_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["rows"]) == 5
    assert len(response.context["waiting"]) == 3


def test_a_managers_home_takes_the_same_queries_for_more_history(
    client, manager, kirklees, settings, tmp_path, django_assert_num_queries
):
    use_private_storage(settings, tmp_path)
    client.force_login(manager)
    client.get(reverse("home"))
    with django_assert_num_queries(MANAGER_HOME_QUERIES):
        client.get(reverse("home"))
    give_every_recommendation_history(kirklees, manager, actions=3, updates=4)
    later = factory.inspection(kirklees.pdu, published=datetime.date(2026, 1, 1))
    give_every_recommendation_history(later, manager)
    factory.action(later.recommendations.first(), owner="", owner_user=manager)
    with django_assert_num_queries(MANAGER_HOME_QUERIES):
        response = client.get(reverse("home"))
    assert {f.label: f.count for f in response.context["figures"]}["My actions"] == 1


def test_a_managers_figures_are_links_to_their_lists(client, manager, kirklees):
    factory.action(kirklees.recommendations.first(), due_date=datetime.date(2025, 1, 1))
    client.force_login(manager)
    content = client.get(reverse("home")).content.decode()
    assert "What needs doing" in content
    assert (
        f'href="{reverse("action-list")}?overdue=on&amp;latest=on"><span '
        'class="app-status-strip__count">1</span> Overdue actions</a>'
    ) in content
    assert f"{reverse('action-list')}?mine=on&amp;open=on&amp;latest=on" in content
    assert f"{reverse('recommendation-list')}?sent_back=on&amp;latest=on" in content


def test_the_tables_counts_are_links_to_exactly_those_items(client, manager, kirklees):
    client.force_login(manager)
    content = client.get(reverse("home")).content.decode()
    pdu = kirklees.pdu.pk
    assert (
        f'href="{reverse("recommendation-list")}?pdu={pdu}&amp;status=not_started&amp;latest=on">8'
        in content
    )
    assert f'href="{reverse("action-list")}?pdu={pdu}&amp;overdue=on&amp;latest=on">0' in content


def test_the_wide_table_scrolls_in_its_own_region(client, manager, kirklees):
    client.force_login(manager)
    content = client.get(reverse("home")).content.decode()
    assert 'class="app-table-scroll" role="region" aria-label="Latest inspections"' in content


def test_home_links_to_the_activity_page(client, manager, kirklees):
    client.force_login(manager)
    assert 'href="/activity/"' in client.get(reverse("home")).content.decode()


def test_a_lead_sees_what_awaits_verification_and_how_long_it_has_waited(
    client, lead, manager, kirklees
):
    recommendation = kirklees.recommendations.get(number=6)
    now = timezone.now()
    factory.update(recommendation, manager, Status.IN_PROGRESS, at=now - datetime.timedelta(9))
    factory.update(recommendation, manager, Status.COMPLETE, at=now - datetime.timedelta(6))
    client.force_login(lead)
    content = client.get(reverse("home")).content.decode()
    assert "Awaiting verification, longest waiting first" in content
    assert f'href="{reverse("recommendation-detail", args=[recommendation.pk])}"' in content
    assert "6 days" in content
    assert f"{reverse('recommendation-list')}?awaiting=on&amp;latest=on" in content


def test_a_lead_sees_the_pdus_with_no_update_for_28_days(client, lead, kirklees):
    client.force_login(lead)
    content = client.get(reverse("home")).content.decode()
    assert "Kirklees: 8 recommendations without an update" in content
