"""The weekly digest: on Mondays, what changed in the past week where each manager or lead works.

The events come from the activity feed (`activity.feed.events_for`), over the seven whole
days before the Monday, in everything the recipient may read. The digest shows only each
event's kind, time, who, PDU, recommendation number and link, never its summary: a summary
quotes what people typed into updates, reasons and file names, which may hold personal
details of people on probation, and e-mail leaves the secure system.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from activity.feed import KINDS, events_for
from inspections.models import Membership, Role

from .models import EmailKind
from .rules import Reminder, week_period

DIGEST_DAYS = 7
DIGEST_LIMIT = 20  # events listed; the rest are counted and linked
NOT_RECORDED = "Not recorded"  # the activity feed's `who` for a change made outside the pages


@dataclass(frozen=True)
class DigestItem:
    at: datetime.datetime
    who: str
    kind_label: str
    pdu_name: str
    recommendation_number: int | None
    url: str


def digest_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last whole days the digest of `today` covers: the seven days before it."""
    return today - datetime.timedelta(days=DIGEST_DAYS), today - datetime.timedelta(days=1)


def digest_recipients():
    """Active managers and regional leads, each once."""
    memberships = (
        Membership.objects.filter(role__in=[Role.MANAGER, Role.REGIONAL_LEAD], user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    recipients = {}
    for membership in memberships:
        recipients.setdefault(membership.user_id, membership.user)
    return list(recipients.values())


def digest_for(user, today: datetime.date) -> Reminder | None:
    """The digest `user` gets on `today`, or None when nothing changed where they work."""
    first, last = digest_window(today)
    counts: Counter[str] = Counter()
    items = []
    for event in events_for(user, since=first, until=last):
        counts[event.kind] += 1
        if len(items) < DIGEST_LIMIT:
            items.append(
                DigestItem(
                    at=event.at,
                    who="" if event.who == NOT_RECORDED else event.who,
                    kind_label=event.kind_label,
                    pdu_name=event.pdu_name,
                    recommendation_number=event.recommendation_number,
                    url=event.url,
                )
            )
    total = sum(counts.values())
    if not total:
        return None
    return Reminder(
        user=user,
        kind=EmailKind.WEEKLY_DIGEST,
        period=week_period(today),
        about=f"{total} changes from {first} to {last}",
        context={
            "first_day": first,
            "last_day": last,
            "total": total,
            "counts": [(label, counts[kind]) for kind, label in KINDS.items() if counts[kind]],
            "items": items,
            "more": total - len(items),
        },
    )


def digests(today: datetime.date) -> list[Reminder]:
    """Every digest due on `today`: none but on a Monday."""
    if today.weekday() != 0:
        return []
    made = (digest_for(user, today) for user in digest_recipients())
    return [digest for digest in made if digest is not None]
