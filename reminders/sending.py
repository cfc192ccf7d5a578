"""Send each reminder once, however often and on however many servers the job runs.

For each e-mail, in this order:

1. Skip it if the user turned that kind off (`EmailPreference`) or has no e-mail address.
2. Claim it: insert its `SentEmail` row (user, kind, period) in a transaction of its own,
   committed before anything is sent. The unique constraint lets one insert win; a run
   that loses (an IntegrityError: another run, here or on another server, has it, or
   sent it earlier) skips it. On PostgreSQL a second insert waits for the first to commit
   or roll back, so two runs at the same moment cannot both win.
3. Send it. If delivery fails, delete the claim, so that a later run tries again.
4. Record when delivery was accepted (`sent_at`).

So an e-mail is sent at most once. The one gap: a run that stops between claiming and
sending (killed, or its server lost) leaves a claim without `sent_at` and the e-mail is
not sent. Such rows are listed in the admin; deleting one lets the next run send it.
Choosing at-most-once means nobody gets the same reminder twice.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from .digest import digests
from .emails import message_for
from .models import EmailPreference, SentEmail
from .rules import Reminder, action_reminders, verification_reminders

logger = logging.getLogger(__name__)

SENT = "sent"
WOULD_SEND = "would send"
ALREADY_SENT = "already sent"
TURNED_OFF = "turned off"
NO_ADDRESS = "no e-mail address"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    reminder: Reminder
    result: str
    detail: str = ""


def reminders_for(today: datetime.date) -> list[Reminder]:
    """Every e-mail due on `today`, before anyone's choices are taken into account."""
    return action_reminders(today) + verification_reminders(today) + digests(today)


def preferences_of(users) -> dict[int, EmailPreference]:
    """Each user's choices; a user who never chose gets the defaults (everything on)."""
    ids = {user.pk for user in users}
    chosen = {p.user_id: p for p in EmailPreference.objects.filter(user_id__in=ids)}
    return {pk: chosen.get(pk) or EmailPreference(user_id=pk) for pk in ids}


def deliver(reminders: list[Reminder], *, dry_run: bool = False) -> list[Outcome]:
    """Send what each user chose, once; with `dry_run`, say what would be sent and send nothing."""
    preferences = preferences_of(reminder.user for reminder in reminders)
    outcomes = []
    connection = None if dry_run else get_connection()
    try:
        for reminder in reminders:
            outcomes.append(_deliver_one(reminder, preferences, connection, dry_run))
    finally:
        if connection is not None:
            connection.close()
    return outcomes


def _deliver_one(reminder: Reminder, preferences, connection, dry_run: bool) -> Outcome:
    user = reminder.user
    if not preferences[user.pk].wants(reminder.kind):
        return Outcome(reminder, TURNED_OFF)
    if not user.email:
        return Outcome(reminder, NO_ADDRESS)
    key = {"user": user, "kind": reminder.kind, "period": reminder.period}
    if dry_run:
        done = SentEmail.objects.filter(**key).exists()
        return Outcome(reminder, ALREADY_SENT if done else WOULD_SEND)
    message = message_for(reminder, connection=connection)
    try:
        with transaction.atomic():
            claim = SentEmail.objects.create(
                **key, about=reminder.about, address=user.email, claimed_at=timezone.now()
            )
    except IntegrityError:
        return Outcome(reminder, ALREADY_SENT)
    try:
        message.send()
    except Exception as error:
        # Whatever the backend raised (SMTP, network, Notify's API): give the e-mail back.
        logger.warning("Could not send %s to %s: %s", reminder.kind, user.email, error)
        claim.delete()
        return Outcome(reminder, FAILED, str(error))
    SentEmail.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return Outcome(reminder, SENT)
