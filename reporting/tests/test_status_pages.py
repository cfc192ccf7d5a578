import datetime
import re

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from recommendations.rules import end_of_day, position_as_at
from reporting.tests.helpers import at, days_ago, grow, queries_for
from tests import factory


@pytest.fixture
def url(kirklees):
    return reverse("inspection-status", args=[kirklees.pk])


def table_rows(html: str) -> list[list[str]]:
    """The status table's rows: week ending, then four statuses and four RAGs."""
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_it_draws_an_accessible_chart_without_inline_styles(client, manager, url, layout):
    client.force_login(manager)
    html = client.get(url).content.decode()
    svg = html[html.index(f'<svg class="app-chart app-chart--{layout}"') :]
    assert 'role="img"' in svg
    assert f'aria-labelledby="status-chart-{layout}-title status-chart-{layout}-desc"' in svg
    assert f'<title id="status-chart-{layout}-title">' in svg
    assert "style=" not in html
    assert "<style" not in html


def test_it_shows_the_weeks_figures_in_a_table(client, manager, kirklees, url):
    factory.update(kirklees.recommendations.get(number=1), manager, rag="red", at=at(days_ago(1)))
    client.force_login(manager)
    rows = table_rows(client.get(url).content.decode())
    assert rows[0][1:5] == ["8", "0", "0", "0"]
    assert rows[-1][1:] == ["7", "1", "0", "0", "1", "0", "0", "7"]


def test_it_shows_a_strip_for_every_recommendation(client, manager, url):
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert html.count('class="app-chart app-chart--strip"') == 8
    assert "Recommendation 8" in html


def test_the_figures_as_at_today_match_the_recommendations_current_positions(
    client, manager, kirklees, url
):
    for number in (1, 2, 3):
        factory.update(kirklees.recommendations.get(number=number), manager, rag="amber")
    factory.update(kirklees.recommendations.get(number=2), manager, status="complete", rag="green")
    client.force_login(manager)
    last = table_rows(client.get(url).content.decode())[-1]
    current = list(Recommendation.objects.filter(inspection=kirklees))
    statuses = ["not_started", "in_progress", "complete", "verified"]
    assert last[1:5] == [str(sum(r.status == s for r in current)) for s in statuses]
    assert last[5:] == [
        str(sum(r.rag == g for r in current)) for g in ["red", "amber", "green", ""]
    ]


def test_the_figures_as_at_an_earlier_date_match_the_positions_then(client, manager, kirklees, url):
    rec = kirklees.recommendations.get(number=5)
    factory.update(rec, manager, rag="red", at=at(datetime.date(2025, 1, 6)))
    factory.update(rec, manager, status="complete", rag="green", at=at(datetime.date(2025, 2, 3)))
    client.force_login(manager)
    rows = table_rows(client.get(url, {"as_at": "2025-01-20"}).content.decode())
    then = position_as_at(rec.updates.all(), end_of_day(datetime.date(2025, 1, 20)))
    assert then.status == "in_progress"
    assert rows[-1][0].startswith("20 Jan 2025")
    assert rows[-1][1:3] == ["7", "1"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("not-a-date", "As at date must be a real date"),
        ("2100-01-01", "As at date must be between 2000 and 2099"),
        ("2098-01-01", "As at date must be today or in the past"),
        ("2024-10-31", "As at date must be the same as or after 1 November 2024"),
    ],
)
def test_a_bad_as_at_date_is_a_400_with_a_govuk_error(client, manager, url, value, message):
    client.force_login(manager)
    response = client.get(url, {"as_at": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html


def test_the_region_page_counts_every_pdu_of_the_region(client, lead, kirklees, calderdale):
    other = factory.inspection(calderdale, recommendations=3)
    factory.update(other.recommendations.first(), lead)
    client.force_login(lead)
    response = client.get(reverse("region-status", args=[kirklees.pdu.region.pk]))
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows[-1][1:3] == ["10", "1"]
    assert "Calderdale: Recommendation 1" in response.content.decode()


@pytest.mark.parametrize("who", ["other_manager", "other_lead"])
def test_an_inspection_outside_ones_scope_is_not_found(client, cast, url, who):
    client.force_login(cast[who])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["manager", "other_manager", "viewer", "other_lead"])
def test_a_region_status_page_is_only_for_those_who_read_the_region(client, cast, kirklees, who):
    client.force_login(cast[who])
    response = client.get(reverse("region-status", args=[kirklees.pdu.region.pk]))
    assert response.status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_script_in_a_recommendation_is_escaped(client, manager, kirklees, url):
    kirklees.recommendations.filter(number=1).update(text="<script>alert(1)</script> & more")
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("name", ["inspection-status", "region-status"])
def test_the_status_pages_take_the_same_queries_however_much_data(
    client, lead, kirklees, calderdale, name
):
    pk = kirklees.pk if name == "inspection-status" else kirklees.pdu.region.pk
    url = reverse(name, args=[pk])
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=4)
    factory.inspection(calderdale, recommendations=5)
    client.get(url)  # stores the weeks again: updates were written with past times
    response, large = queries_for(client, url)
    assert response.status_code == 200
    assert small == large == QUERIES[name]


def test_the_first_request_after_a_change_in_the_past_stores_the_weeks_again(
    client, lead, kirklees, calderdale
):
    url = reverse("region-status", args=[kirklees.pdu.region.pk])
    client.force_login(lead)
    client.get(url)
    grow(kirklees, lead, updates_each=4)
    factory.inspection(calderdale, recommendations=5)
    _, storing = queries_for(client, url)
    _, stored = queries_for(client, url)
    assert storing > stored == QUERIES["region-status"]


# Session and user (2), memberships (1), the subject (1; a region and its latest inspections 3),
# recommendations (1), status changes (1) and stored weeks (1); an unchanged session is not
# saved.
QUERIES = {"inspection-status": 7, "region-status": 9}


def test_each_strip_lists_its_runs_in_words_beneath_it(client, manager, kirklees, url):
    rec = kirklees.recommendations.get(number=1)
    factory.update(rec, manager, at=at(datetime.date(2024, 11, 5)))
    factory.update(rec, manager, status="complete", at=at(datetime.date(2024, 11, 6)))
    client.force_login(manager)
    html = client.get(url, {"as_at": "2024-11-10"}).content.decode()
    item = html[html.index(f'href="/recommendations/{rec.pk}/"') :].split("</ol>", 1)[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", item.split("</svg>", 1)[1]).split())
    assert words == (
        "Not started 1 Nov 2024 to 4 Nov 2024 (4 days) "
        "In progress 5 Nov 2024 to 5 Nov 2024 (1 day) "
        "Complete 6 Nov 2024 to 10 Nov 2024 (5 days)"
    )
    assert "Recommendation 1 of Kirklees: Not started from 1 November 2024 to 4 November" in item
    assert "Kirklees: Recommendation 1" not in html  # one PDU: not named in each heading


def test_markup_in_a_pdu_name_is_escaped_in_the_strips(client, lead, kirklees):
    kirklees.pdu.name = '<script>alert("pdu")</script>'
    kirklees.pdu.save()
    client.force_login(lead)
    html = client.get(reverse("region-status", args=[kirklees.pdu.region.pk])).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&quot;pdu&quot;)&lt;/script&gt;: Recommendation 1" in html
    assert "Recommendation 1 of &lt;script&gt;alert(&quot;pdu&quot;)&lt;/script&gt;: " in html


def test_the_weeks_table_says_which_row_is_the_as_at_date(client, manager, url):
    client.force_login(manager)
    rows = table_rows(client.get(url, {"as_at": "2024-11-13"}).content.decode())
    assert [row[0] for row in rows] == ["3 Nov 2024", "10 Nov 2024", "13 Nov 2024 (as at)"]
    assert all(len(row) == 9 for row in rows)


@pytest.fixture
def big_region(kirklees, calderdale):
    """Kirklees (8 recommendations) and Calderdale (22): 30 in the region."""
    factory.inspection(calderdale, recommendations=22)
    return kirklees.pdu.region


def region_status(client, lead, region, **params):
    client.force_login(lead)
    return client.get(reverse("region-status", args=[region.pk]), params)


def test_a_regions_strips_come_in_pages_of_24(client, lead, big_region):
    html = region_status(client, lead, big_region).content.decode()

    assert html.count('class="app-chart app-chart--strip"') == 24
    assert "Recommendations 1 to 24 of 30, by PDU." in html
    assert 'href="?page=2"' in html


def test_the_second_page_of_strips_shows_the_rest(client, lead, big_region):
    html = region_status(client, lead, big_region, page=2).content.decode()

    assert html.count('class="app-chart app-chart--strip"') == 6
    assert "Recommendations 25 to 30 of 30, by PDU." in html


def test_a_page_of_strips_keeps_the_chosen_period_in_its_links(client, lead, big_region):
    html = region_status(client, lead, big_region, period="publication").content.decode()

    assert 'href="?period=publication&amp;page=2"' in html


@pytest.mark.parametrize("page", ["999", "abc", "-1", "1" * 40])
def test_any_page_number_of_strips_shows_a_page(client, lead, big_region, page):
    response = region_status(client, lead, big_region, page=page)

    assert response.status_code == 200
    assert response.content.decode().count('class="app-chart app-chart--strip"') in (6, 24)


def test_htmx_gets_a_page_of_strips_alone(client, lead, big_region):
    client.force_login(lead)
    response = client.get(
        reverse("region-status", args=[big_region.pk]),
        {"page": 2},
        headers={**factory.HTMX, "HX-Target": "strips"},
    )
    html = response.content.decode()

    assert html.lstrip().startswith('<section id="strips"')
    assert html.count('class="app-chart app-chart--strip"') == 6
    assert "<h1" not in html


def test_an_inspections_strips_fit_on_one_page_without_pagination(client, manager, url):
    client.force_login(manager)
    html = client.get(url).content.decode()

    assert 'aria-label="Pagination"' not in html
    assert "Recommendations 1 to" not in html


def test_a_page_of_strips_takes_the_same_queries_as_the_first(client, lead, big_region):
    client.force_login(lead)
    url = reverse("region-status", args=[big_region.pk])
    client.get(url)
    _, first = queries_for(client, url)
    _, second = queries_for(client, url + "?page=2")

    assert first == second == QUERIES["region-status"]
