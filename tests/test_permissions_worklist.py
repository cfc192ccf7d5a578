"""The worklist's URLs against the cast: home, the actions list, and the filtered lists home
links to. Everyone signed in reads their own scope; a PDU or a person the user may not see
is refused as a filter (400, as any choice not offered) and its work never appears."""

import datetime

import pytest
from django.urls import reverse

from tests import factory
from tests.test_permissions import READ

EVERYONE = dict.fromkeys(READ, 200)
KIRKLEES_ONLY = {**READ, "other_manager": 400, "other_lead": 400}
DESCRIPTION = "Audit the risk of harm assessments"


def actions(**params) -> str:
    return reverse("action-list") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def recommendations(**params) -> str:
    return reverse("recommendation-list") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


CASES = [
    ("home", lambda w: reverse("home"), EVERYONE),
    ("actions", lambda w: reverse("action-list"), EVERYONE),
    ("overdue actions", lambda w: actions(overdue="on", latest="on"), EVERYONE),
    ("actions due soon", lambda w: actions(due_within=14, latest="on"), EVERYONE),
    ("my actions", lambda w: actions(mine="on", open="on", latest="on"), EVERYONE),
    ("actions of Kirklees", lambda w: actions(pdu=w["pdu"].pk), KIRKLEES_ONLY),
    ("actions of a Kirklees person", lambda w: actions(owner=w["owner"].pk), KIRKLEES_ONLY),
    (
        "quiet recommendations",
        lambda w: recommendations(not_updated_since="2025-01-01", latest="on"),
        EVERYONE,
    ),
    ("sent back", lambda w: recommendations(sent_back="on", latest="on"), EVERYONE),
    ("awaiting verification", lambda w: recommendations(awaiting="on", latest="on"), EVERYONE),
    (
        "recommendations of a Kirklees person",
        lambda w: recommendations(owner=w["owner"].pk),
        KIRKLEES_ONLY,
    ),
    ("my recommendations", lambda w: recommendations(mine="on"), EVERYONE),
]


@pytest.fixture
def world(kirklees, manager):
    factory.action(
        kirklees.recommendations.get(number=1),
        description=DESCRIPTION,
        due_date=datetime.date(2025, 1, 31),
        owner="",
        owner_user=manager,
    )
    return {"pdu": kirklees.pdu, "owner": manager}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[0])
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(client, cast, world, case, who):
    _, url, expected = case
    client.force_login(cast[who])
    assert client.get(url(world)).status_code == expected[who]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[0])
def test_an_anonymous_user_is_sent_to_sign_in(client, world, case):
    url = case[1]
    response = client.get(url(world))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("who", ["other_manager", "other_lead"])
def test_those_outside_the_pdu_never_see_its_actions(client, cast, world, who):
    client.force_login(cast[who])
    response = client.get(actions(overdue="on"))
    assert response.context["page"].paginator.count == 0
    assert DESCRIPTION not in response.content.decode()


@pytest.mark.parametrize("who", ["manager", "lead", "viewer", "admin"])
def test_those_who_read_the_pdu_see_its_actions(client, cast, world, who):
    client.force_login(cast[who])
    assert DESCRIPTION in client.get(actions(overdue="on")).content.decode()


def test_my_actions_are_only_mine(client, cast, world):
    client.force_login(cast["viewer"])
    assert DESCRIPTION not in client.get(actions(mine="on")).content.decode()


def test_posting_to_the_actions_list_is_not_allowed(client, manager, world):
    client.force_login(manager)
    assert client.post(reverse("action-list")).status_code == 405
