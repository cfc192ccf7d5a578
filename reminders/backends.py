"""GOV.UK Notify as a Django e-mail backend (`EMAIL_BACKEND=notify`).

Notify sends from its own templates, so the service needs one e-mail template whose subject
is `((subject))` and whose body is `((body))`; its id goes in NOTIFY_TEMPLATE_ID and the
service's API key in NOTIFY_API_KEY (docs/email.md). Notify sends its own HTML from the
plain-text part; the HTML part is for SMTP. Each recipient of a message is one
notification, with the message's `X-Tracker-Reference` header as Notify's `reference`.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, *, api_key=None, template_id=None, base_url=None, **kw):
        super().__init__(fail_silently=fail_silently, **kw)
        self.api_key = api_key or settings.NOTIFY_API_KEY
        self.template_id = template_id or settings.NOTIFY_TEMPLATE_ID
        self.base_url = base_url or settings.NOTIFY_BASE_URL
        self.client = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        if not (self.api_key and self.template_id):
            raise ImproperlyConfigured(
                "Sending through GOV.UK Notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID."
            )
        self.client = NotificationsAPIClient(self.api_key, base_url=self.base_url)
        return True

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    self._send(message)
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message) -> None:
        for address in message.recipients():
            self.client.send_email_notification(
                email_address=address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.extra_headers.get("X-Tracker-Reference"),
            )
