"""The activity feed's URLs against the cast: everyone signed in reads their own scope.

The feed is a list, so nobody gets 404 from it; what scoping means here is that a PDU the
user may not see is refused as a filter (400, as any choice not offered) and its events
never appear.
"""

import csv
import io

import pytest
from django.urls import reverse

from recommendations.models import Status
from tests import factory
from tests.test_permissions import READ

EVERYONE = dict.fromkeys(READ, 200)
# Filtering by Kirklees: those outside it are refused the choice, as if it did not exist.
KIRKLEES_ONLY = {**READ, "other_manager": 400, "other_lead": 400}

CASES = [
    ("activity", lambda pdu: reverse("activity"), EVERYONE),
    ("activity CSV", lambda pdu: reverse("activity-export"), EVERYONE),
    ("activity of Kirklees", lambda pdu: f"{reverse('activity')}?pdu={pdu.pk}", KIRKLEES_ONLY),
    (
        "activity CSV of Kirklees",
        lambda pdu: f"{reverse('activity-export')}?pdu={pdu.pk}",
        KIRKLEES_ONLY,
    ),
]
WHAT_WAS_DONE = "Recruited two probation officers"


@pytest.fixture
def kirklees_pdu(kirklees, manager):
    factory.update(
        kirklees.recommendations.get(number=1),
        manager,
        Status.IN_PROGRESS,
        what_was_done=WHAT_WAS_DONE,
    )
    return kirklees.pdu


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize(("name", "url", "expected"), CASES, ids=[case[0] for case in CASES])
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(
    client, cast, kirklees_pdu, name, url, expected, who
):
    client.force_login(cast[who])
    assert client.get(url(kirklees_pdu)).status_code == expected[who]


@pytest.mark.parametrize("who", list(READ))
def test_only_those_who_may_read_kirklees_see_its_events(client, cast, kirklees_pdu, who):
    client.force_login(cast[who])
    page = body(client.get(reverse("activity")))
    rows = list(csv.reader(io.StringIO(body(client.get(reverse("activity-export"))))))
    sees = READ[who] == 200
    assert (WHAT_WAS_DONE in page) is sees
    assert (len(rows) == 2) is sees


@pytest.mark.parametrize(("name", "url", "expected"), CASES, ids=[case[0] for case in CASES])
def test_an_anonymous_user_is_sent_to_sign_in(client, kirklees_pdu, name, url, expected):
    response = client.get(url(kirklees_pdu))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("url", [reverse("activity"), reverse("activity-export")])
def test_a_post_is_not_allowed(client, manager, url):
    client.force_login(manager)
    assert client.post(url).status_code == 405
