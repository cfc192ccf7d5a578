"""An empty filtered list says which filters are applied and how to clear them, and keeps its
download section (GOV.UK: tell users why there are no results and what to do next)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from recommendations.models import ActionStatus
from tests import factory
from tests.factory import HTMX


def test_an_empty_list_of_recommendations_names_the_filters_applied(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"status": "verified", "rag": "amber"})

    assert response.status_code == 200
    assert "No recommendations match the filters you applied:" in response.text
    assert "<li>Status: Verified</li>" in response.text
    assert "<li>RAG: Amber</li>" in response.text


def test_an_empty_list_of_recommendations_says_how_to_clear_the_filters(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"status": "verified"})

    assert (
        f'<a class="govuk-link" href="{reverse("recommendation-list")}">clear the filters</a>'
        in response.text
    )


def test_an_empty_list_of_recommendations_keeps_its_download_section(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"status": "verified"})

    assert "Download these recommendations" in response.text
    assert "recommendations/export.csv?status=verified" in response.text


def test_an_empty_list_swapped_in_by_htmx_names_the_filters_too(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"status": "verified"}, headers=HTMX)

    assert "<li>Status: Verified</li>" in response.text
    assert "Download these recommendations" in response.text


def test_a_ticked_filter_is_named_by_its_label(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"sent_back": "on"})

    assert "<li>Only those sent back by the regional lead</li>" in response.text


def test_a_chosen_pdu_is_named(signed_in, kirklees):
    response = signed_in.get(
        reverse("recommendation-list"), {"pdu": kirklees.pdu.pk, "status": "verified"}
    )

    assert "<li>PDU: Kirklees</li>" in response.text


def test_a_list_with_results_shows_no_such_message(signed_in, kirklees):
    response = signed_in.get(reverse("recommendation-list"), {"status": "not_started"})

    assert "match the filters you applied" not in response.text


def test_an_empty_list_of_actions_names_the_filters_and_how_to_clear_them(signed_in, kirklees):
    factory.action(kirklees.recommendations.get(number=1), description="Recruit three POs")

    response = signed_in.get(reverse("action-list"), {"status": ActionStatus.COMPLETE})

    assert "No actions match the filters you applied:" in response.text
    assert "<li>Status: Complete</li>" in response.text
    assert f'href="{reverse("action-list")}">clear the filters</a>' in response.text


def test_an_empty_activity_feed_names_the_date_chosen(signed_in, manager, kirklees):
    since = timezone.localdate() - datetime.timedelta(days=2)

    response = signed_in.get(
        reverse("activity"),
        {"since-day": since.day, "since-month": since.month, "since-year": since.year},
    )

    assert "No events match the filters you applied:" in response.text
    assert f"<li>Since: {since:%-d %B %Y}</li>" in response.text
    assert "Download these events as CSV" in response.text


def test_an_empty_activity_feed_with_no_filters_suggests_an_earlier_date(signed_in, kirklees):
    response = signed_in.get(reverse("activity"))

    assert "Nothing has happened in this time." in response.text
    assert "match the filters you applied" not in response.text
