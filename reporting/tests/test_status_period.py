"""Which weeks a status page shows (the last 13, since publication, or from a date), the weeks
table that lists only those, folded away when long, and the strips that start with the view."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.status_over_time import week_ends
from reporting.tests.helpers import at, days_ago, grow, queries_for
from reporting.tests.test_status_pages import QUERIES, table_rows
from tests import factory


@pytest.fixture
def url(kirklees):
    return reverse("inspection-status", args=[kirklees.pk])


def week_labels(html: str) -> list[str]:
    return [row[0] for row in table_rows(html)]


def every_week(kirklees) -> list[datetime.date]:
    return week_ends(kirklees.published.replace(day=1), timezone.localdate())


def test_it_shows_the_last_13_weeks_by_default(signed_in, kirklees, url):
    html = signed_in.get(url).content.decode()
    weeks = every_week(kirklees)
    assert len(weeks) > 13  # the report is older than 13 weeks
    labels = week_labels(html)
    assert len(labels) == 13
    assert labels[-1].startswith(f"{weeks[-1].day} {weeks[-1]:%b %Y}")
    assert labels[0] == f"{weeks[-13].day} {weeks[-13]:%b %Y}"


def test_the_last_13_weeks_radio_is_chosen_when_none_is(signed_in, url):
    html = signed_in.get(url).content.decode()
    assert re.search(r'<input type="radio" name="period" value="13-weeks"[^>]*checked', html)


def test_since_publication_shows_every_week_from_the_month_published(signed_in, kirklees, url):
    html = signed_in.get(url, {"period": "publication"}).content.decode()
    labels = week_labels(html)
    assert labels[0] == "3 Nov 2024"
    assert len(labels) == len(every_week(kirklees))
    assert re.search(r'value="publication"[^>]*checked', html)


def test_a_date_range_shows_the_weeks_ending_from_its_first_day_to_the_as_at_date(signed_in, url):
    html = signed_in.get(
        url, {"period": "range", "start": "2025-01-06", "as_at": "2025-02-02"}
    ).content.decode()
    assert week_labels(html) == ["12 Jan 2025", "19 Jan 2025", "26 Jan 2025", "2 Feb 2025"]


def test_the_weeks_figures_do_not_depend_on_which_weeks_are_in_view(
    signed_in, manager, kirklees, url
):
    rec = kirklees.recommendations.get(number=2)
    factory.update(rec, manager, rag="red", at=at(datetime.date(2024, 12, 2)))
    as_at = "2025-03-02"
    whole = table_rows(
        signed_in.get(url, {"period": "publication", "as_at": as_at}).content.decode()
    )
    recent = table_rows(signed_in.get(url, {"as_at": as_at}).content.decode())
    ranged = table_rows(
        signed_in.get(
            url, {"period": "range", "start": "2025-02-10", "as_at": as_at}
        ).content.decode()
    )
    assert recent == whole[-13:]
    assert ranged == whole[-3:]
    assert recent[0][1:3] == ["7", "1"]


def test_a_start_date_is_ignored_unless_a_date_range_is_chosen(signed_in, url):
    response = signed_in.get(url, {"start": "2025-01-06"})
    assert response.status_code == 200
    assert len(week_labels(response.content.decode())) == 13


@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "range"}, "Enter the date to show progress from"),
        ({"period": "range", "start": "06/01/2025"}, "From date must be a real date"),
        (
            {"period": "range", "start": "2025-02-03", "as_at": "2025-02-01"},
            "The date to show progress from must be on or before the as at date",
        ),
        (
            {"period": "range", "start": "2024-10-01"},
            "The date to show progress from must be on or after 1 November 2024",
        ),
        ({"period": "fortnight"}, "Choose which weeks to show"),
    ],
)
def test_a_bad_period_is_a_400_with_a_govuk_error(signed_in, url, params, message):
    response = signed_in.get(url, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "<table" not in html  # no figures for a view that is not understood


def test_a_long_weeks_table_is_folded_in_details(signed_in, url):
    html = signed_in.get(url, {"period": "publication"}).content.decode()
    details = html[html.index('<details class="govuk-details" id="weeks-table">') :]
    details = details[: details.index("</details>")]
    assert "The figures for each of the" in details
    assert '<tbody class="govuk-table__body">' in details


def test_thirteen_weeks_are_shown_open(signed_in, url):
    html = signed_in.get(url).content.decode()
    assert '<div id="weeks-table">' in html
    assert "<details" not in html.split('<div id="weeks-table">', 1)[0].split("</svg>")[-1]


def test_the_weeks_table_scrolls_in_its_own_labelled_region(signed_in, url):
    html = signed_in.get(url).content.decode()
    opening = html.split('<div id="weeks-table">', 1)[1].split("<table", 1)[0]
    assert 'class="app-table-scroll" role="region"' in opening
    assert 'aria-label="Recommendations by status and RAG at the end of each week"' in opening
    assert 'tabindex="0"' in opening


def test_the_chart_draws_one_bar_group_per_week_in_view(signed_in, url):
    html = signed_in.get(url, {"period": "range", "start": "2025-01-06", "as_at": "2025-02-02"})
    wide = html.content.decode().split('<svg class="app-chart app-chart--wide"', 1)[1]
    wide = wide.split("</svg>", 1)[0]
    assert wide.count("<rect x=") - 4 == 4  # one not-started bar a week, and the legend's four
    assert "from 12 January 2025 to 2 February 2025" in wide


def strip_words(html: str, rec) -> str:
    item = html[html.index(f'href="/recommendations/{rec.pk}/"') :].split("</ol>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", item.split("</svg>", 1)[1]).split())


def test_each_strip_starts_where_the_view_does(signed_in, manager, kirklees, url):
    rec = kirklees.recommendations.get(number=1)
    factory.update(rec, manager, at=at(datetime.date(2024, 11, 5)))
    html = signed_in.get(
        url, {"period": "range", "start": "2025-01-06", "as_at": "2025-02-02"}
    ).content.decode()
    assert strip_words(html, rec) == "In progress 6 Jan 2025 to 2 Feb 2025 (28 days)"


def test_the_last_13_weeks_strips_start_on_the_monday_of_the_first_week(
    signed_in, manager, kirklees, url
):
    rec = kirklees.recommendations.get(number=1)
    factory.update(rec, manager, at=at(datetime.date(2024, 11, 5)))
    html = signed_in.get(url, {"as_at": "2025-03-02"}).content.decode()
    # 13 weeks ending 8 Dec 2024 ... 2 Mar 2025: from Monday 2 Dec 2024.
    assert strip_words(html, rec) == "In progress 2 Dec 2024 to 2 Mar 2025 (91 days)"


def test_since_publication_strips_start_at_publication(signed_in, manager, kirklees, url):
    rec = kirklees.recommendations.get(number=1)
    factory.update(rec, manager, at=at(datetime.date(2024, 11, 5)))
    html = signed_in.get(url, {"period": "publication", "as_at": "2024-11-10"}).content.decode()
    assert strip_words(html, rec).startswith("Not started 1 Nov 2024 to 4 Nov 2024 (4 days)")


@pytest.mark.parametrize("name", ["inspection-status", "region-status"])
@pytest.mark.parametrize(
    "params",
    ["?period=publication", "?period=range&start=2025-01-06", "?period=13-weeks"],
)
def test_every_period_takes_the_same_queries_however_much_data(
    client, lead, kirklees, calderdale, name, params
):
    pk = kirklees.pk if name == "inspection-status" else kirklees.pdu.region.pk
    url = reverse(name, args=[pk]) + params
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=4)
    factory.update(kirklees.recommendations.first(), lead, status="complete", at=at(days_ago(2)))
    factory.inspection(calderdale, recommendations=5)
    client.get(url)  # stores the weeks again: updates were written with past times
    response, large = queries_for(client, url)
    assert response.status_code == 200
    assert small == large == QUERIES[name]
