import datetime

from django.urls import reverse
from django.utils import timezone

from inspections.models import Role
from recommendations.models import Status
from recommendations.tests.pages import give_every_recommendation_history, use_private_storage
from tests import factory

# Session, user, memberships, PDUs with their latest inspection, those inspections with their
# counts, and the session's save (a savepoint, the update, its release).
HOME_QUERIES = 8


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
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
    give_every_recommendation_history(kirklees, lead)
    for n in range(4):
        factory.inspection(factory.pdu(f"Extra {n}", in_region=kirklees.pdu.region))
    manager = factory.member(kirklees.pdu, Role.MANAGER)
    later = factory.inspection(kirklees.pdu, published=datetime.date(2026, 1, 1))
    give_every_recommendation_history(later, manager)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("home"))
    assert len(response.context["rows"]) == 5
