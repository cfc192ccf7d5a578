"""The account page: the user's e-mail address and their choice of e-mails."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.forms import EmailChoicesForm
from reminders.models import EmailKind, EmailPreference, SentEmail
from tests import factory
from tests.factory import HTMX

from .helpers import with_email

URL = "/account/"
# Session, user and the user's choices (an unchanged session is not saved).
PAGE_QUERIES = 3


@pytest.fixture
def signed_in(client, manager):
    with_email(manager, "morgan.manager@justice.example")
    client.force_login(manager)
    return client


def checked(response) -> set[str]:
    html = response.content.decode()
    return {kind for kind in EmailKind.values if re.search(f'value="{kind}"[^>]* checked', html)}


def test_the_account_page_is_at_account():
    assert reverse("account") == URL


def test_it_shows_the_users_e_mail_address(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert "morgan.manager@justice.example" in response.content.decode()
    assert "You have no e-mail address" not in response.content.decode()


def test_it_says_when_the_user_has_no_e_mail_address(client, viewer):
    client.force_login(viewer)
    response = client.get(URL)
    assert "You have no e-mail address in the tracker" in response.content.decode()


def test_every_e_mail_is_chosen_until_the_user_says_otherwise(signed_in):
    assert checked(signed_in.get(URL)) == set(EmailKind.values)


def test_it_shows_the_choices_saved(signed_in, manager):
    EmailPreference.objects.create(user=manager, actions=False, weekly_digest=False)
    assert checked(signed_in.get(URL)) == {EmailKind.AWAITING_VERIFICATION}


def test_saving_keeps_the_choices_and_says_so(signed_in, manager):
    response = signed_in.post(URL, {"emails": [EmailKind.WEEKLY_DIGEST]})
    assert response.status_code == 303
    assert response.headers["Location"] == URL
    preference = EmailPreference.objects.get(user=manager)
    assert (preference.actions, preference.awaiting_verification, preference.weekly_digest) == (
        False,
        False,
        True,
    )
    page = signed_in.get(URL)
    assert "Your e-mail choices have been saved" in page.content.decode()
    assert "govuk-notification-banner--success" in page.content.decode()
    assert checked(page) == {EmailKind.WEEKLY_DIGEST}


def test_clearing_every_box_turns_every_e_mail_off(signed_in, manager):
    signed_in.post(URL, {})
    preference = EmailPreference.objects.get(user=manager)
    assert not any(preference.wants(kind) for kind in EmailKind.values)


def test_a_choice_not_offered_is_refused_with_a_message_and_nothing_saved(signed_in, manager):
    response = signed_in.post(URL, {"emails": ["actions", "everything"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select only the e-mails listed" in html
    assert 'href="#id_emails_0"' in html
    assert not EmailPreference.objects.exists()


def test_it_answers_htmx_with_the_whole_page(signed_in):
    response = signed_in.get(URL, headers=HTMX)
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_the_header_links_to_the_account_page(signed_in):
    html = signed_in.get(reverse("home")).content.decode()
    assert f'href="{URL}">Your account</a>' in html
    account = signed_in.get(URL).content.decode()
    assert f'href="{URL}" aria-current="page"' in account


def test_each_user_changes_only_their_own_choices(signed_in, manager, lead):
    EmailPreference.objects.create(user=lead, actions=True)
    signed_in.post(URL, {"emails": []})
    assert EmailPreference.objects.get(user=lead).actions is True


@pytest.mark.parametrize("others", [0, 12])
def test_the_page_takes_the_same_queries_whatever_the_data(
    signed_in, manager, django_assert_num_queries, others
):
    EmailPreference.objects.create(user=manager)
    for n in range(others):
        user = factory.user()
        EmailPreference.objects.create(user=user)
        SentEmail.objects.create(
            user=manager,
            kind=EmailKind.ACTIONS,
            period=f"2026-01-{n + 1:02d}",
            claimed_at=user.date_joined,
        )
    signed_in.get(URL)  # the session's first save
    with django_assert_num_queries(PAGE_QUERIES):
        signed_in.get(URL)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40) | st.sampled_from(EmailKind.values), max_size=6))
def test_whatever_is_posted_the_form_is_valid_or_has_errors(values):
    data = QueryDict(mutable=True)
    data.setlist("emails", values)
    form = EmailChoicesForm(data)
    if form.is_valid():
        assert set(form.cleaned_data["emails"]) <= set(EmailKind.values)
    else:
        assert form.errors["emails"]
