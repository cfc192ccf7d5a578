"""Two `send_reminders` at the same moment, as on two app servers, send each e-mail once.

Two real processes run the command against the same PostgreSQL database and the same SMTP
server (aiosmtpd, started here). The server takes a little while over each message, so
that the two runs overlap while they claim and send.
"""

import asyncio
import os
import subprocess
import sys
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from inspections.models import Role
from reminders.models import SentEmail
from tests import factory

from .helpers import MONDAY, with_email
from .test_delivery import free_port

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="Two processes at once are tested on PostgreSQL (set DATABASE_URL): it is what "
        "several app servers share, and SQLite's one database lock serialises the runs anyway.",
    ),
    pytest.mark.django_db(transaction=True),
]

OWNERS = 20
WAIT = 120  # seconds each run may take


class SlowInbox:
    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.1)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_two_runs_at_once_send_each_e_mail_once(kirklees):
    first = kirklees.recommendations.get(number=1)
    for n in range(OWNERS):
        owner = with_email(factory.member(kirklees.pdu, Role.MANAGER, f"owner{n}"))
        factory.action(first, owner_user=owner, owner="", due_date=MONDAY)
    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "DEBUG": "true",
    }
    command = [sys.executable, "manage.py", "send_reminders", f"--today={MONDAY}"]
    runs = []
    try:
        for _ in range(2):
            runs.append(
                subprocess.Popen(
                    command,
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        results = [run.communicate(timeout=WAIT) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
        smtp.stop()
    for run, (_out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
    sent = [sum(line.startswith("sent: ") for line in out.splitlines()) for out, _ in results]
    assert sum(sent) == OWNERS, results
    counts = Counter(inbox.recipients)
    assert len(counts) == OWNERS
    assert set(counts.values()) == {1}
    assert SentEmail.objects.filter(sent_at__isnull=False).count() == OWNERS
    assert SentEmail.objects.filter(period=MONDAY.isoformat()).count() == OWNERS
