"""Stored text is shown as text everywhere: markup typed into an update never runs."""

import pytest
from django.urls import reverse

from recommendations.models import Status
from tests import factory

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert("


@pytest.fixture
def hostile(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)
    factory.update(
        recommendation, manager, Status.IN_PROGRESS, what_was_done=HOSTILE, impact=HOSTILE
    )
    factory.update(recommendation, manager, Status.COMPLETE, what_was_done=HOSTILE)
    action = factory.action(recommendation, description=HOSTILE, owner=HOSTILE)
    return recommendation, action


def pages(kirklees, recommendation, action):
    return {
        "recommendation": reverse("recommendation-detail", args=[recommendation.pk]),
        "due date": reverse("action-move-due-date", args=[action.pk]),
        "list": reverse("recommendation-list") + "?status=complete",
        "actions": reverse("action-list"),
        "plan": reverse("recommendation-plan", args=[recommendation.pk]),
        "inspection": reverse("inspection-detail", args=[kirklees.pk]),
        "region": reverse("region-detail", args=[kirklees.pdu.region.pk]),
        "status": reverse("inspection-status", args=[kirklees.pk]),
        "home": reverse("home"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "recommendation",
        "due date",
        "list",
        "actions",
        "plan",
        "inspection",
        "region",
        "status",
        "home",
    ],
)
def test_markup_in_stored_text_is_escaped_on_every_page(
    client, kirklees, hostile, manager, lead, admin_user, name
):
    recommendation, action = hostile
    client.force_login(admin_user)

    response = client.get(pages(kirklees, recommendation, action)[name])

    assert response.status_code == 200
    assert b"<script>alert(" not in response.content
    assert b"<img src=x" not in response.content


def test_markup_in_an_update_reads_as_text_on_the_recommendation_page(client, hostile, manager):
    recommendation, _action = hostile
    client.force_login(manager)

    response = client.get(reverse("recommendation-detail", args=[recommendation.pk]))

    assert ESCAPED in response.text
