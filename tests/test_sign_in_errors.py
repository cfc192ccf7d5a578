"""The sign-in page refuses in GOV.UK's words, each error in the summary and beside its field."""

from django.urls import reverse


def test_a_wrong_password_is_refused_in_govuk_words(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "wrong"})

    assert response.status_code == 400
    assert "Enter a correct username and password" in response.text
    assert "Please enter" not in response.text
    assert "case-sensitive" not in response.text


def test_a_missing_username_asks_for_it(client, db):
    response = client.post(reverse("login"), {"username": "", "password": "secret"})

    assert response.status_code == 400
    assert '<a href="#id_username">Enter your username</a>' in response.text


def test_a_missing_password_asks_for_it(client, db):
    response = client.post(reverse("login"), {"username": "manager", "password": ""})

    assert '<a href="#id_password">Enter your password</a>' in response.text


def test_the_refused_page_title_starts_with_error(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "wrong"})

    assert "<title>Error: Sign in" in response.text
