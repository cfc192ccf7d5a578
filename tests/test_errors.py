"""What people see when something fails: a plain page, never a traceback."""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client, RequestFactory

from kirklees_tracker.views import server_error


def answer_while_raising(error: Exception):
    request = RequestFactory().get("/")
    try:
        raise error
    except Exception:
        return server_error(request)


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection"), InterfaceError("connection already closed")],
)
def test_an_unreachable_database_gives_service_unavailable(error):
    response = answer_while_raising(error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Sorry, the service is unavailable" in response.content


def test_a_real_bug_still_gives_a_plain_server_error_page():
    response = answer_while_raising(IntegrityError("duplicate key"))

    assert response.status_code == 500
    assert b"Traceback" not in response.content


def test_healthz_answers_without_signing_in(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_says_when_the_database_is_unreachable(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("kirklees_tracker.views.connection.cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503


def test_a_page_that_does_not_exist_says_so_in_plain_words(client, manager, settings):
    settings.DEBUG = False
    client.force_login(manager)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_a_post_without_its_csrf_token_is_refused_with_a_clear_page(manager, kirklees):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    recommendation = kirklees.recommendations.get(number=5)

    response = client.post(f"/recommendations/{recommendation.pk}/updates/", {})

    assert response.status_code == 403
    assert b"Your session has expired or the form was out of date" in response.content
