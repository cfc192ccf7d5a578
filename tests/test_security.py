"""What the security probes found (issue 12) in requests and signing in: no 500, nothing in
silence. The probes of pages (caching, "as at" dates, evidence files) are in
`tests/test_security_pages.py`.

Run on SQLite and on PostgreSQL (`DATABASE_URL=postgres://...`): PostgreSQL enforces the
length of django-axes' username column, SQLite does not.
"""

import logging
import re
import uuid

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from kirklees_tracker.middleware import ClientIPLogFilter, client_ip
from recommendations.models import ProgressUpdate
from tests import factory

BAD_REQUEST_PAGE = "Sorry, the request could not be understood"


MADE_UP = {"IntConverter": 1, "UUIDConverter": uuid.uuid4(), "ExportFormat": "csv"}


def made_up_path(name: str, pattern: URLPattern) -> str:
    if isinstance(pattern.pattern, RoutePattern):
        converters = pattern.pattern.converters
        kwargs = {arg: MADE_UP.get(type(c).__name__, "x") for arg, c in converters.items()}
        return reverse(name, kwargs=kwargs)
    # The admin's re_path()s: "1" matches their ids, "auth" their choice of app.
    regex = pattern.pattern.regex
    for value in ("1", "auth"):
        try:
            if regex.groupindex:
                return reverse(name, kwargs=dict.fromkeys(regex.groupindex, value))
            return reverse(name, args=[value] * regex.groups)
        except NoReverseMatch:
            continue
    raise AssertionError(f"No made-up path for {name}")


def every_url() -> list[tuple[str, str]]:
    """(name, path) of every named URL pattern, the admin's included, with made-up arguments."""

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                yield name, made_up_path(name, pattern)

    return sorted(set(walk(get_resolver())))


# 1. A form in another charset


def post_in(client: Client, url: str, charset: str):
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&username=a&password=b&update-what_was_done=x"
    return client.post(
        url,
        data=body.encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


@pytest.fixture
def strict_client(db, settings) -> Client:
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(reverse("login"))
    return client


@pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
@pytest.mark.parametrize(("name", "url"), every_url(), ids=[name for name, _ in every_url()])
def test_a_post_in_another_charset_gets_the_bad_request_page_on_every_url(
    strict_client, manager, name, url, charset
):
    strict_client.force_login(manager)

    response = post_in(strict_client, url, charset)

    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()


@pytest.mark.parametrize("url", ["/sign-in/", "/admin/login/", "/recommendations/1/updates/"])
def test_a_post_in_another_charset_gets_the_bad_request_page_when_signed_out(strict_client, url):
    response = post_in(strict_client, url, "latin-1")

    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()


def test_a_post_in_another_charset_changes_nothing(strict_client, manager, kirklees):
    strict_client.force_login(manager)
    recommendation = kirklees.recommendations.get(number=1)

    post_in(
        strict_client, reverse("recommendation-log-update", args=[recommendation.pk]), "latin-1"
    )

    assert not ProgressUpdate.objects.exists()


# 2. A username longer than any account's


@pytest.mark.parametrize("url", ["/sign-in/", "/admin/login/"])
@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_very_long_username_is_an_ordinary_failed_sign_in(client, db, url, length, settings):
    settings.DEBUG = False
    response = client.post(url, {"username": "a" * length, "password": "wrong"})

    assert response.status_code == 400
    assert "correct username and password" in response.content.decode()


def test_the_sign_in_page_shows_the_govuk_error_summary_for_a_long_username(client, db):
    response = client.post("/sign-in/", {"username": "a" * 300, "password": "wrong"})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html


def test_a_very_long_username_is_not_recorded_as_an_attempt(client, db):
    client.post("/sign-in/", {"username": "a" * 300, "password": "wrong"})

    assert not AccessAttempt.objects.exists()


def test_a_wrong_password_is_still_recorded_and_counted(client, db):
    factory.user("spo")
    client.post("/sign-in/", {"username": "spo", "password": "wrong"})

    assert AccessAttempt.objects.get().username == "spo"


def test_the_admin_sign_in_still_signs_a_superuser_in(client, admin_user):
    response = client.post(
        "/admin/login/", {"username": "admin_user", "password": factory.PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# 6. Behind a proxy


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is the client's
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # forged entries to the left
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),  # did not come through both proxies
        (1, "10.0.0.2", "not an address", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(
    settings, proxies, remote, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from(remote, forwarded)) == client


def fail_to_sign_in(client, forwarded: str, times: int = 1, password: str = "wrong"):
    for _ in range(times):
        response = client.post(
            reverse("login"),
            {"username": "spo", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    return response


def test_behind_a_proxy_the_lock_is_on_the_clients_address(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    factory.user("spo")

    fail_to_sign_in(client, "198.51.100.1", times=5)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    locked = fail_to_sign_in(client, "198.51.100.1", password=factory.PASSWORD)
    assert locked.status_code == 429
    other = fail_to_sign_in(Client(), "198.51.100.2", password=factory.PASSWORD)
    assert other.status_code == 302


def test_a_forged_forwarded_for_from_outside_the_proxy_is_ignored(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    factory.user("spo")

    fail_to_sign_in(client, "6.6.6.6, 198.51.100.1", times=5)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    # Forging another address to the left does not escape the lock.
    locked = fail_to_sign_in(client, "7.7.7.7, 198.51.100.1", password=factory.PASSWORD)
    assert locked.status_code == 429


def test_without_a_proxy_a_forwarded_for_header_is_ignored(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    factory.user("spo")

    fail_to_sign_in(client, "198.51.100.1")

    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"


def test_log_records_about_a_request_name_its_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    record.request = request_from("10.0.0.2", "198.51.100.1")

    ClientIPLogFilter().filter(record)

    assert record.client_ip == "198.51.100.1"


def test_log_records_without_a_request_have_no_client():
    record = logging.LogRecord("reminders", logging.INFO, "", 0, "Sent", (), None)

    ClientIPLogFilter().filter(record)

    assert record.client_ip == "-"


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client, db):
    response = client.get(reverse("login"))

    assert response.cookies["csrftoken"]["httponly"] is True


def test_htmx_posts_carry_the_token_from_the_page_not_the_cookie(manager, kirklees):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    recommendation = kirklees.recommendations.get(number=1)
    html = client.get(reverse("recommendation-detail", args=[recommendation.pk])).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"", html).group(1)

    response = client.post(
        reverse("recommendation-log-update", args=[recommendation.pk]),
        {
            "update-what_was_done": "Audit",
            "update-status": "in_progress",
            "update-rag": "red",
            "update-judgement": "some",
            "update-improvement_still_required": "yes",
        },
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert ProgressUpdate.objects.count() == 1
