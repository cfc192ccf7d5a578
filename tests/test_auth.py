import pytest
from django.urls import reverse

from tests import factory

SIGN_IN = reverse("login")


@pytest.fixture
def account(db):
    return factory.user("spo")


def sign_in(client, password=factory.PASSWORD, username="spo"):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_the_sign_in_page_is_open_to_everyone(client, db):
    assert client.get(SIGN_IN).status_code == 200


def test_signing_in_goes_to_the_home_page(client, account):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")


def test_signing_in_returns_to_the_page_asked_for(client, account):
    url = reverse("recommendation-list")
    response = client.post(
        f"{SIGN_IN}?next={url}", {"username": "spo", "password": factory.PASSWORD, "next": url}
    )
    assert response.headers["Location"] == url


def test_a_wrong_password_shows_an_error(client, account):
    response = sign_in(client, password="wrong")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_signing_out_is_a_post(client, account):
    client.force_login(account)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_signing_out_by_get_is_not_allowed(client, account):
    client.force_login(account)
    assert client.get(reverse("logout")).status_code == 405


def test_five_failures_lock_the_account_and_show_the_locked_page(client, account):
    for _ in range(5):
        sign_in(client, password="wrong")
    response = sign_in(client)
    # django-axes 8 answers 429 Too Many Requests (AXES_HTTP_RESPONSE_CODE).
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_a_locked_account_cannot_sign_in_with_the_right_password(client, account):
    for _ in range(5):
        sign_in(client, password="wrong")
    sign_in(client)
    assert client.get(reverse("home")).status_code == 302


def test_four_failures_do_not_lock_the_account(client, account):
    for _ in range(4):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302


def test_the_health_check_answers_without_sign_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/recommendations/",
        "/recommendations/1/",
        "/inspections/1/",
        "/actions/1/due-date/",
        "/evidence/7e0b9a56-7d0c-4f4e-9d4c-3f8f7f1d2a11/",
        "/admin/",
    ],
)
def test_every_other_page_sends_anonymous_users_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert (
        response.headers["Location"].startswith(SIGN_IN)
        or "/admin/login/" in (response.headers["Location"])
    )
