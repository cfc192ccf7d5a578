"""Delivery through real parts: an SMTP server and a GOV.UK Notify stand-in, both on this machine.

The SMTP server is aiosmtpd, started by the test on a free port. The Notify stand-in is an
`http.server` that checks each request as Notify's API documents it: `POST
/v2/notifications/email`, a JSON body with `email_address`, `template_id` and
`personalisation`, and a bearer JWT signed HS256 with the key's secret, whose `iss` is the
service id and whose `iat` is now.
"""

import datetime
import email
import email.policy
import io
import json
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from reminders.backends import NotifyEmailBackend
from reminders.models import SentEmail
from tests import factory

from .helpers import MONDAY, with_email

DAY = datetime.timedelta(days=1)
SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"tracker_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.UUID(int=3))


@pytest.fixture
def owned(kirklees, manager):
    with_email(manager)
    first = kirklees.recommendations.get(number=1)
    return factory.action(first, owner_user=manager, owner="", due_date=MONDAY - DAY)


def run() -> str:
    out = io.StringIO()
    call_command("send_reminders", f"--today={MONDAY.isoformat()}", stdout=out)
    return out.getvalue()


# SMTP


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.DEFAULT_FROM_EMAIL = "tracker@justice.example"
    yield inbox
    controller.stop()


def test_smtp_delivers_one_message_with_plain_text_and_html_parts(owned, manager, smtp_server):
    run()
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == [manager.email]
    assert envelope.mail_from == "tracker@justice.example"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Your actions: 1 overdue"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert owned.description in plain
    assert owned.description in html
    assert "/account/" in plain


def test_smtp_sends_once_when_run_twice(owned, smtp_server):
    run()
    run()
    assert len(smtp_server.envelopes) == 1


# GOV.UK Notify


class NotifyStandIn(BaseHTTPRequestHandler):
    """Answers as Notify does, and records what was wrong with each request, if anything."""

    def do_POST(self):
        problems = []
        if self.path != "/v2/notifications/email":
            problems.append(f"path {self.path}")
        if self.headers.get("Content-Type") != "application/json":
            problems.append(f"content type {self.headers.get('Content-Type')}")
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer":
            problems.append("no bearer token")
        else:
            try:
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            except jwt.InvalidTokenError as error:
                problems.append(f"token: {error}")
            else:
                if claims.get("iss") != SERVICE_ID:
                    problems.append("token iss is not the service id")
                if abs(time.time() - claims.get("iat", 0)) > 30:
                    problems.append("token iat is not now")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body.get("template_id") != TEMPLATE_ID:
            problems.append("template id")
        personalisation = body.get("personalisation", {})
        if set(personalisation) != {"subject", "body"}:
            problems.append(f"personalisation fields {sorted(personalisation)}")
        self.server.requests.append({"body": body, "problems": problems})
        status = 400 if problems else 201
        answer = (
            {"errors": [{"error": "BadRequestError", "message": "; ".join(problems)}]}
            if problems
            else {
                "id": str(uuid.uuid4()),
                "reference": body.get("reference"),
                "content": {
                    "subject": personalisation["subject"],
                    "body": personalisation["body"],
                    "from_email": "tracker@notifications.service.gov.uk",
                },
                "uri": "/v2/notifications/1",
                "template": {"id": TEMPLATE_ID, "version": 1, "uri": "/v2/template/1"},
            }
        )
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStandIn)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "reminders.backends.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


def test_notify_gets_one_documented_request_per_e_mail(owned, manager, notify_server):
    run()
    [request] = notify_server.requests
    assert request["problems"] == []
    body = request["body"]
    assert body["email_address"] == manager.email
    assert body["personalisation"]["subject"] == "Your actions: 1 overdue"
    assert owned.description in body["personalisation"]["body"]
    assert body["reference"] == f"actions:2026-03-09:{manager.pk}"
    assert SentEmail.objects.get().sent_at is not None


def test_notify_sends_once_when_run_twice(owned, notify_server):
    run()
    run()
    assert len(notify_server.requests) == 1


def test_a_request_notify_refuses_gives_the_e_mail_back(owned, notify_server, settings):
    settings.NOTIFY_TEMPLATE_ID = str(uuid.UUID(int=99))
    with pytest.raises(CommandError):
        run()
    assert notify_server.requests[0]["problems"] == ["template id"]
    assert not SentEmail.objects.exists()


def test_notify_needs_its_key_and_template(settings):
    settings.NOTIFY_API_KEY = ""
    message = mail.EmailMessage("Subject", "Body", to=["someone@justice.example"])
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        NotifyEmailBackend().send_messages([message])
