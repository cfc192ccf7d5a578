"""After an update logged in place (htmx), the recommendation page's status strip is swapped
too, out of band, in the same number of queries whatever the history."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Status
from reporting.tests.helpers import at, days_ago
from tests import factory
from tests.factory import HTMX

STRIP = '<section id="status-over-time" aria-labelledby="status-over-time-heading"'


def post(client, recommendation, *, htmx: bool = True, **overrides):
    data = {
        "what_was_done": "Recruited two POs",
        "impact": "",
        "status": Status.IN_PROGRESS,
        "rag": "amber",
        "judgement": "some",
        "improvement_still_required": "yes",
        "reason": "",
        **overrides,
    }
    return client.post(
        reverse("recommendation-log-update", args=[recommendation.pk]),
        {f"update-{name}": value for name, value in data.items()},
        headers=HTMX if htmx else {},
    )


def strip_section(content: str) -> str:
    return content[content.index(STRIP) :].split("</section>", 1)[0]


def test_an_update_in_place_sends_the_status_strip_out_of_band(signed_in, recommendation):
    content = post(signed_in, recommendation).content.decode()
    section = strip_section(content)
    assert section.startswith(STRIP + ' data-hx-swap-oob="true">')
    words = " ".join(re.sub(r"<[^>]+>", " ", section.split("</svg>", 1)[1]).split())
    assert words.startswith("Not started 1 Nov 2024 to ")
    assert "In progress" in words
    assert 'class="app-chart app-chart--strip"' in section


def test_the_strip_swapped_in_shows_the_new_status_as_at_today(signed_in, manager, recommendation):
    factory.update(recommendation, manager, at=at(days_ago(10)))
    content = post(signed_in, recommendation, status=Status.COMPLETE, rag="green").content
    section = strip_section(content.decode())
    assert "Complete from" in section  # the strip's title, read by assistive technology
    assert section.count("<li>") == 3  # not started, in progress, complete


def test_a_refused_update_in_place_sends_no_strip(signed_in, recommendation):
    content = post(signed_in, recommendation, what_was_done="").content.decode()
    assert STRIP not in content


def test_without_htmx_the_update_redirects_to_the_page_and_its_strip(signed_in, recommendation):
    response = post(signed_in, recommendation, htmx=False)
    assert response.status_code == 303
    page = signed_in.get(response.url).content.decode()
    section = strip_section(page)
    assert section.startswith(STRIP + ">")
    assert "In progress" in section


def queries_for_post(client, recommendation, status) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = post(client, recommendation, status=status)
    assert STRIP in response.content.decode()
    return len(queries)


def test_the_answer_takes_the_same_queries_whatever_the_history(
    signed_in, manager, kirklees, recommendation
):
    # An action in both (Django skips the prefetches under an empty list of actions).
    factory.action(recommendation)
    post(signed_in, recommendation)
    small = queries_for_post(signed_in, recommendation, Status.IN_PROGRESS)
    for day in range(30, 10, -1):
        factory.update(recommendation, manager, at=at(days_ago(day)))
    factory.action(recommendation)
    factory.action(recommendation)
    large = queries_for_post(signed_in, recommendation, Status.IN_PROGRESS)
    assert small == large
