"""What every page carries: a favicon of our own, a feedback link in the phase banner, and an
"Administration" link in the navigation for staff."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests import factory


def test_every_page_links_a_favicon_of_our_own(signed_in, kirklees):
    response = signed_in.get(reverse("home"))

    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in (
        response.text
    )


def test_the_favicon_is_a_file_among_the_static_files():
    found = finders.find("images/favicon.svg")

    assert found is not None
    assert Path(found).read_text().startswith("<svg")


def test_the_sign_in_page_links_the_favicon_too(client, db):
    assert "images/favicon.svg" in client.get(reverse("login")).text


def test_the_phase_banner_links_to_the_feedback_address_in_the_settings(signed_in, settings):
    settings.FEEDBACK_URL = "https://forms.example.org/tracker-feedback"

    response = signed_in.get(reverse("home"))

    assert (
        'Help us improve it and <a class="govuk-link" '
        'href="https://forms.example.org/tracker-feedback">give your feedback</a>.'
    ) in response.text


def test_feedback_goes_to_an_email_address_unless_configured():
    assert settings.FEEDBACK_URL.startswith("mailto:")


def test_staff_see_an_administration_link(client, kirklees):
    clerk = factory.user("clerk")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)

    response = client.get(reverse("home"))

    assert f'href="{reverse("admin:index")}">Administration</a>' in response.text


def test_a_manager_sees_no_administration_link(signed_in, kirklees):
    assert "Administration</a>" not in signed_in.get(reverse("home")).text
