"""`send_reminders`: what it sends (through the locmem backend), once, and what it skips."""

import datetime
import io
import socket

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from recommendations.models import UpdateKind
from reminders.models import EmailKind, EmailPreference, SentEmail
from tests import factory

from .helpers import MONDAY, make_complete, noon, with_email

DAY = datetime.timedelta(days=1)
PERSONAL = "Told John Smith (DOB 1 May 1990, CRN X123456) about his licence"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://tracker.example"


@pytest.fixture
def first(kirklees):
    return kirklees.recommendations.get(number=1)


@pytest.fixture
def owned(first, manager):
    with_email(manager)
    return [
        factory.action(first, owner_user=manager, owner="", due_date=MONDAY - 2 * DAY),
        factory.action(first, owner_user=manager, owner="", due_date=MONDAY + 3 * DAY),
    ]


def run(*args: str, today: datetime.date = MONDAY) -> str:
    out = io.StringIO()
    call_command("send_reminders", f"--today={today.isoformat()}", *args, stdout=out)
    return out.getvalue()


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_an_owner_gets_one_e_mail_of_their_overdue_and_due_actions(owned, manager):
    run()
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert message.subject == "Your actions: 1 overdue and 1 due within 7 days"
    for part in (message.body, html_of(message)):
        assert owned[0].description in part
        assert owned[1].description in part
        assert "7 March 2026" in part  # the overdue one's due date
        assert f"https://tracker.example/recommendations/{owned[0].recommendation_id}/" in part


def test_every_e_mail_links_to_the_account_page(owned):
    run()
    [message] = mail.outbox
    assert "https://tracker.example/account/" in message.body
    assert 'href="https://tracker.example/account/"' in html_of(message)
    assert message.extra_headers["List-Unsubscribe"] == "<https://tracker.example/account/>"


def test_the_html_part_has_no_relative_links(owned):
    run()
    html = html_of(mail.outbox[0])
    assert 'href="/' not in html
    assert "<script" not in html


def test_running_twice_sends_each_e_mail_once(owned):
    run()
    second = run()
    assert len(mail.outbox) == 1
    assert "already sent: actions 2026-03-09 to manager" in second
    assert SentEmail.objects.get().sent_at is not None


def test_the_next_day_brings_the_next_reminder(owned):
    run()
    run(today=MONDAY + DAY)
    assert len(mail.outbox) == 2
    assert sorted(SentEmail.objects.values_list("period", flat=True)) == [
        "2026-03-09",
        "2026-03-10",
    ]


def test_the_record_says_to_whom_about_what_and_for_which_period(owned, manager):
    run()
    sent = SentEmail.objects.get()
    assert (sent.user, sent.kind, sent.period, sent.address) == (
        manager,
        EmailKind.ACTIONS,
        "2026-03-09",
        manager.email,
    )
    assert sent.about == f"Actions {owned[0].pk}, {owned[1].pk}"


def test_a_user_without_an_e_mail_address_is_skipped_and_counted(owned, manager):
    with_email(manager, "")
    output = run()
    assert mail.outbox == []
    assert "no e-mail address: actions 2026-03-09 to manager" in output
    assert "no e-mail address 1" in output
    assert not SentEmail.objects.exists()


def test_a_user_who_turned_a_kind_off_does_not_get_it(owned, manager):
    EmailPreference.objects.create(user=manager, actions=False)
    output = run()
    assert mail.outbox == []
    assert "turned off 1" in output


def test_a_dry_run_says_what_it_would_send_and_sends_nothing(owned):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not SentEmail.objects.exists()
    assert "would send: actions 2026-03-09 to manager" in output
    assert "Would send 1 e-mail for Monday 9 March 2026" in output


def test_a_failed_delivery_gives_the_e_mail_back_for_the_next_run(owned, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with pytest.raises(CommandError, match="1 e-mail"):
        run()
    assert not SentEmail.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 1


def test_a_bad_date_is_refused_with_a_message():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today=9/3/2026")


def test_a_lead_is_told_what_has_waited_for_verification(first, manager, lead):
    with_email(lead)
    make_complete(first, manager, on=MONDAY - 14 * DAY)
    run()
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert message.subject == "1 recommendation awaiting your verification"
    assert "Recommendation 1, Kirklees" in message.body
    assert "10 working days" in message.body
    assert first.text.split()[0] in message.body


def test_the_digest_holds_no_text_typed_into_updates_or_reasons(first, manager, lead):
    with_email(manager)
    factory.update(first, manager, at=noon(MONDAY - 3 * DAY), what_was_done=PERSONAL)
    factory.update(
        first,
        lead,
        status="in_progress",
        kind=UpdateKind.SENT_BACK,
        reason=PERSONAL,
        at=noon(MONDAY - 2 * DAY),
    )
    run()
    [digest] = [m for m in mail.outbox if m.subject.startswith("Weekly digest")]
    assert digest.subject == "Weekly digest: 2 changes from 2 March to 8 March 2026"
    for part in (digest.body, html_of(digest)):
        assert "John Smith" not in part
        assert "X123456" not in part
        assert "Sent back, recommendation 1" in part
        assert "Progress update, recommendation 1" in part
        assert "https://tracker.example/activity/" in part


def test_the_digest_goes_once_a_week_whichever_day_it_is_caught_up(first, manager):
    with_email(manager)
    factory.update(first, manager, at=noon(MONDAY - 3 * DAY))
    run()
    run()
    run(today=MONDAY + DAY)
    assert len([m for m in mail.outbox if m.subject.startswith("Weekly digest")]) == 1
