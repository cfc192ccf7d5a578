"""A database outage while saving the session must not hide the view's answer."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import OperationalError

from kirklees_tracker.sessions import SessionStore


@pytest.fixture
def saved_session(db):
    session = SessionStore()
    session["seen"] = 1
    session.save()
    return session


def test_a_session_save_during_an_outage_is_skipped_not_raised(saved_session, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", refuse)
    saved_session["seen"] = 2

    saved_session.save()


def test_a_session_deleted_meanwhile_is_still_reported(saved_session):
    Session.objects.filter(session_key=saved_session.session_key).delete()
    saved_session["seen"] = 2

    with pytest.raises(UpdateError):
        saved_session.save()


def test_a_page_answers_with_its_own_response_when_the_session_cannot_be_saved(
    client, manager, monkeypatch
):
    client.force_login(manager)

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", refuse)
    response = client.get("/")

    assert response.status_code == 200
