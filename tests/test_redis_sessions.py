"""With REDIS_URL: sessions and django-axes' lockouts in a real, shared Redis.

These run against the Redis that REDIS_URL names (CI: redis://127.0.0.1:6379/<n>), with
the settings REDIS_URL brings, under a key prefix of their own that is deleted afterwards;
other tests keep their settings. Without REDIS_URL they are skipped.
"""

import os
import uuid

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factory

REDIS_URL = os.getenv("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="REDIS_URL is not set: these tests need a real Redis to run against"
)


@pytest.fixture
def redis_prefix():
    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def shared_cache(settings, redis_prefix):
    """The settings REDIS_URL brings (kirklees_tracker/settings.py), under this run's prefix."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": redis_prefix,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    settings.SESSION_ENGINE = "kirklees_tracker.cached_sessions"
    settings.AXES_CACHE = "default"
    # After CACHES, so that axes' handler takes the Redis cache when it is made again.
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    return settings


def session_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def sign_in(client, password=factory.PASSWORD, username="spo"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_session_signed_in_on_one_client_is_read_from_redis_by_another(shared_cache, manager):
    first = Client()
    first.force_login(manager)
    second = Client()
    second.cookies = first.cookies

    with CaptureQueriesContext(connection) as queries:
        response = second.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["user"] == manager
    assert session_reads(queries) == []


def test_a_session_in_redis_is_also_kept_in_the_database(shared_cache, manager):
    client = Client()
    client.force_login(manager)
    key = client.cookies["sessionid"].value

    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    assert Session.objects.filter(session_key=key).exists()


def test_a_lockout_recorded_in_redis_holds_for_another_client(shared_cache, db):
    factory.user("spo")
    for _ in range(5):
        sign_in(Client(), password="wrong")

    response = sign_in(Client())

    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert not AccessAttempt.objects.exists()
