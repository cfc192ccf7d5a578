"""Sessions: reading pages writes nothing, the expiry is refreshed every few minutes, an idle
session ends, and a database outage while saving the session does not hide the view's answer."""

import datetime
import logging
import os
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kirklees_tracker.sessions import SAVED_AT, SessionStore, refresh_due
from tests import factory

ROOT = django_settings.BASE_DIR


@pytest.fixture
def saved_session(db):
    session = SessionStore()
    session["seen"] = 1
    session.save()
    return session


def session_row(client) -> Session:
    return Session.objects.get(
        session_key=client.cookies[django_settings.SESSION_COOKIE_NAME].value
    )


def session_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def age_session(client, seconds: float) -> None:
    """Travel `seconds` into the future, as far as the stored session can tell."""
    row = session_row(client)
    data = row.get_decoded()
    data[SAVED_AT] -= seconds
    row.session_data = SessionStore().encode(data)
    row.expire_date -= datetime.timedelta(seconds=seconds)
    row.save()
    # With REDIS_URL (cached_db), the copy in the cache goes too: the row is the truth.
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(row.session_key)
    if hasattr(store, "cache_key"):
        cache.delete(store.cache_key)


def test_a_session_save_during_an_outage_is_skipped_with_a_warning(
    saved_session, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", refuse)
    saved_session["seen"] = 2

    with caplog.at_level(logging.WARNING, logger="kirklees_tracker.sessions"):
        saved_session.save()

    assert SessionStore(saved_session.session_key).load()["seen"] == 1
    assert "Session not saved, the database is unreachable" in caplog.text


def test_a_session_deleted_meanwhile_is_still_reported(saved_session):
    Session.objects.filter(session_key=saved_session.session_key).delete()
    saved_session["seen"] = 2

    with pytest.raises(UpdateError):
        saved_session.save()


def test_a_page_answers_with_its_own_response_when_the_session_cannot_be_saved(
    client, manager, monkeypatch
):
    client.force_login(manager)
    age_session(client, django_settings.SESSION_REFRESH_SECONDS)

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", refuse)
    response = client.get("/")

    assert response.status_code == 200


def test_two_pages_read_in_a_row_write_no_session(signed_in):
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("home")).status_code == 200
        assert signed_in.get(reverse("recommendation-list")).status_code == 200

    assert session_writes(queries) == []


def test_a_page_read_just_before_the_refresh_interval_writes_no_session(signed_in):
    age_session(signed_in, django_settings.SESSION_REFRESH_SECONDS - 10)

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("home"))

    assert session_writes(queries) == []


def test_a_page_read_after_the_refresh_interval_pushes_the_expiry_back(signed_in):
    age_session(signed_in, django_settings.SESSION_REFRESH_SECONDS + 1)
    aged_expiry = session_row(signed_in).expire_date

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("home"))

    assert len(session_writes(queries)) == 1
    assert session_row(signed_in).expire_date - aged_expiry >= datetime.timedelta(
        seconds=django_settings.SESSION_REFRESH_SECONDS
    )


def test_the_refreshed_session_is_not_written_again_on_the_next_page(signed_in):
    age_session(signed_in, django_settings.SESSION_REFRESH_SECONDS + 1)
    signed_in.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("home"))

    assert session_writes(queries) == []


def test_a_session_idle_for_longer_than_its_age_is_signed_out(signed_in):
    age_session(signed_in, django_settings.SESSION_COOKIE_AGE + 1)

    response = signed_in.get(reverse("home"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_signing_in_stamps_the_session_so_the_next_page_writes_nothing(client, manager):
    response = client.post(
        reverse("login"), {"username": manager.username, "password": factory.PASSWORD}
    )
    assert response.status_code == 302

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))

    assert SAVED_AT in session_row(client).get_decoded()
    assert session_writes(queries) == []


def test_a_session_never_stamped_is_due_a_refresh():
    assert refresh_due(None, now=1000.0, interval=300)


def test_a_session_saved_less_than_the_interval_ago_is_not_due():
    assert not refresh_due(800.0, now=1000.0, interval=300)


def test_a_session_saved_the_interval_ago_is_due():
    assert refresh_due(700.0, now=1000.0, interval=300)


def settings_with(**environment: str) -> str:
    """The session, cache and axes settings a fresh process reads from this environment."""
    code = (
        "from kirklees_tracker import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.AXES_HANDLER)"
    )
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_redis_sessions_live_in_the_database_and_lockouts_too():
    assert settings_with() == [
        "kirklees_tracker.sessions",
        "django.core.cache.backends.locmem.LocMemCache",
        "axes.handlers.database.AxesDatabaseHandler",
    ]


def test_with_redis_sessions_and_lockouts_live_in_the_shared_cache():
    assert settings_with(REDIS_URL="redis://127.0.0.1:6379/9") == [
        "kirklees_tracker.cached_sessions",
        "django.core.cache.backends.redis.RedisCache",
        "axes.handlers.cache.AxesCacheHandler",
    ]


def test_a_refresh_interval_as_long_as_the_session_is_refused():
    code = "import kirklees_tracker.settings"
    env = {**os.environ, "SESSION_COOKIE_AGE": "600", "SESSION_REFRESH_SECONDS": "600"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SESSION_REFRESH_SECONDS must be under SESSION_COOKIE_AGE" in result.stderr
