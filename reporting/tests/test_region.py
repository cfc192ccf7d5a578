import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from reporting.tests.helpers import days_ago, grow, queries_for
from tests import factory


@pytest.fixture
def url(yorkshire):
    return reverse("region-detail", args=[yorkshire.pk])


def test_it_shows_every_pdu_of_the_region_side_by_side(client, lead, kirklees, calderdale, url):
    factory.inspection(calderdale, recommendations=4)
    client.force_login(lead)
    html = client.get(url).content.decode()
    assert "Kirklees" in html and "Calderdale" in html
    assert "November 2024" in html
    assert "Inadequate" in html
    assert "3/21" in html
    assert "Not started: 8" in html and "Not started: 4" in html


def test_it_lists_what_awaits_verification_with_links_to_verify(
    client, lead, manager, kirklees, url
):
    rec = Recommendation.objects.get(inspection=kirklees, number=6)
    factory.update(rec, manager)
    factory.update(rec, manager, status="complete")
    client.force_login(lead)
    html = client.get(url).content.decode()
    assert "Awaiting verification" in html
    assert f'href="{reverse("recommendation-detail", args=[rec.pk])}"' in html
    assert "Review and verify" in html


def test_it_counts_overdue_actions(client, lead, kirklees, url):
    rec = Recommendation.objects.get(inspection=kirklees, number=1)
    factory.action(rec, due_date=days_ago(2))
    factory.action(rec, due_date=days_ago(2), status="complete")
    factory.action(rec, due_date=days_ago(-5))
    client.force_login(lead)
    response = client.get(url)
    assert response.context["pdus"][0]["overdue_actions"] == 1


def test_it_shows_the_latest_imported_inspection_of_each_pdu(client, lead, kirklees, url):
    client.force_login(lead)
    pdus = client.get(url).context["pdus"]
    assert [p["inspection"].pk for p in pdus] == [kirklees.pk]


@pytest.mark.parametrize("who", ["manager", "other_manager", "viewer", "other_lead"])
def test_only_those_who_read_the_region_see_it(client, cast, url, who):
    client.force_login(cast[who])
    assert client.get(url).status_code == 404


def test_an_administrator_sees_any_region(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_a_region_that_does_not_exist_is_not_found(client, lead):
    client.force_login(lead)
    assert client.get(reverse("region-detail", args=[999])).status_code == 404


def test_the_region_page_takes_the_same_queries_however_much_data(
    client, lead, kirklees, calderdale, url
):
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=2)
    factory.inspection(calderdale, recommendations=5)
    _, large = queries_for(client, url)
    # Session and user (2), region (1), memberships (1), latest inspections (2),
    # recommendations (1), overdue actions (1); an unchanged session is not saved.
    assert small == large == 8
