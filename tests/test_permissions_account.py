"""The account page against the cast: everyone signed in has one, of their own; nobody else."""

import pytest
from django.urls import reverse

from reminders.models import EmailPreference
from tests.test_permissions import READ

EVERYONE = dict.fromkeys(READ, 200)
EVERYONE_SAVES = dict.fromkeys(READ, 303)

CASES = [
    ("account page", "get", EVERYONE, {}),
    ("save e-mail choices", "post", EVERYONE_SAVES, {"emails": ["weekly_digest"]}),
]


def request(client, method: str, data: dict):
    url = reverse("account")
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize(("name", "method", "expected", "data"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(
    client, cast, who, name, method, expected, data
):
    client.force_login(cast[who])
    assert request(client, method, data).status_code == expected[who]


@pytest.mark.parametrize(("name", "method", "expected", "data"), CASES, ids=[c[0] for c in CASES])
def test_an_anonymous_user_is_sent_to_sign_in(client, db, name, method, expected, data):
    response = request(client, method, data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={reverse('account')}"


def test_an_anonymous_post_changes_nothing(client, db):
    request(client, "post", {"emails": []})
    assert not EmailPreference.objects.exists()


@pytest.mark.parametrize("who", list(READ))
def test_saving_changes_only_the_signed_in_users_choices(client, cast, who):
    client.force_login(cast[who])
    request(client, "post", {"emails": []})
    assert list(EmailPreference.objects.values_list("user", flat=True)) == [cast[who].pk]
