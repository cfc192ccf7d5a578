"""The project's own URLs against the cast: the health check, signing in and out, the admin."""

import pytest
from django.urls import reverse

from tests.test_permissions import READ

CAST = list(READ)
STAFF_ONLY = {**dict.fromkeys(READ, 302), "admin": 200}

CASES = [
    ("health check", "get", lambda: reverse("healthz"), dict.fromkeys(CAST, 200), 200),
    # Someone signed in is sent on from the sign-in page; someone signed out sees it.
    ("sign in", "get", lambda: reverse("login"), dict.fromkeys(CAST, 302), 200),
    ("sign out", "post", lambda: reverse("logout"), dict.fromkeys(CAST, 302), 302),
    # The admin's sign-in asks anyone who is not staff to sign in as staff.
    (
        "admin sign in",
        "get",
        lambda: reverse("admin-sign-in"),
        {**dict.fromkeys(CAST, 200), "admin": 302},
        200,
    ),
    ("admin", "get", lambda: reverse("admin:index"), STAFF_ONLY, 302),
]


@pytest.mark.parametrize(
    ("name", "method", "url", "expected", "anonymous"), CASES, ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("who", CAST)
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(
    client, cast, name, method, url, expected, anonymous, who
):
    client.force_login(cast[who])
    assert getattr(client, method)(url()).status_code == expected[who]


@pytest.mark.parametrize(
    ("name", "method", "url", "expected", "anonymous"), CASES, ids=[c[0] for c in CASES]
)
def test_an_anonymous_user_gets_the_sign_in_page_or_is_sent_to_it(
    client, db, name, method, url, expected, anonymous
):
    assert getattr(client, method)(url()).status_code == anonymous


def test_the_admin_sends_anyone_not_staff_to_its_own_sign_in(client, manager):
    client.force_login(manager)
    response = client.get(reverse("admin:index"))
    assert response.headers["Location"].startswith(reverse("admin-sign-in"))
