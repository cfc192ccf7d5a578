"""A `Reminder` as an e-mail: a plain subject, a plain-text part and an HTML part.

Templates: `templates/reminders/email/<kind>.txt` and `.html`. Every link is absolute
(`SITE_URL`), and every e-mail links to the account page, where its recipient chooses
which e-mails they get. The e-mails name recommendations by number and text (from the
published report), actions by their description, dates and staff: nothing that was typed
about a person on probation.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import EmailKind
from .rules import Reminder


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def subject_for(reminder: Reminder) -> str:
    context = reminder.context
    if reminder.kind == EmailKind.ACTIONS:
        parts = []
        if context["overdue"]:
            parts.append(f"{len(context['overdue'])} overdue")
        if context["due_soon"]:
            parts.append(f"{len(context['due_soon'])} due within 7 days")
        return f"Your actions: {' and '.join(parts)}"
    if reminder.kind == EmailKind.AWAITING_VERIFICATION:
        count = len(context["waiting"])
        return f"{_plural(count, 'recommendation')} awaiting your verification"
    return (
        f"Weekly digest: {_plural(context['total'], 'change')} "
        f"from {context['first_day']:%-d %B} to {context['last_day']:%-d %B %Y}"
    )


def reference_for(reminder: Reminder) -> str:
    """A key naming this e-mail, for a delivery service's records (Notify's `reference`)."""
    return f"{reminder.kind}:{reminder.period}:{reminder.user.pk}"


def message_for(reminder: Reminder, connection=None) -> EmailMultiAlternatives:
    user = reminder.user
    account_url = settings.SITE_URL + reverse("account")
    subject = subject_for(reminder)
    context = {
        **reminder.context,
        "name": user.get_full_name() or user.get_username(),
        "subject": subject,
        "site_url": settings.SITE_URL,
        "account_url": account_url,
    }
    template = f"reminders/email/{reminder.kind}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        connection=connection,
        headers={
            "X-Tracker-Reference": reference_for(reminder),
            "List-Unsubscribe": f"<{account_url}>",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
