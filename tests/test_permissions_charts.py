"""The status-over-time pages, with each choice of weeks, against the cast: the inspection's page
for whoever reads its PDU, the region's for whoever reads the region; 404 for everyone else,
and sign-in first for someone not signed in."""

import pytest
from django.urls import reverse

from tests.test_permissions import READ

REGION_READ = {**READ, "manager": 404, "viewer": 404}
PERIODS = [
    {},
    {"period": "13-weeks"},
    {"period": "publication"},
    {"period": "range", "start": "2025-01-06", "as_at": "2025-03-02"},
]


@pytest.fixture
def urls(kirklees):
    return {
        "inspection-status": reverse("inspection-status", args=[kirklees.pk]),
        "region-status": reverse("region-status", args=[kirklees.pdu.region.pk]),
    }


@pytest.mark.parametrize("params", PERIODS, ids=lambda p: p.get("period", "default"))
@pytest.mark.parametrize(
    "name, expected", [("inspection-status", READ), ("region-status", REGION_READ)]
)
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(
    client, cast, urls, name, expected, who, params
):
    client.force_login(cast[who])
    assert client.get(urls[name], params).status_code == expected[who]


@pytest.mark.parametrize("params", PERIODS, ids=lambda p: p.get("period", "default"))
@pytest.mark.parametrize("name", ["inspection-status", "region-status"])
def test_an_anonymous_user_is_sent_to_sign_in(client, urls, name, params):
    response = client.get(urls[name], params)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["inspection-status", "region-status"])
def test_a_bad_period_outside_ones_scope_is_still_not_found(client, cast, urls, name):
    client.force_login(cast["other_lead"])
    assert client.get(urls[name], {"period": "range"}).status_code == 404
