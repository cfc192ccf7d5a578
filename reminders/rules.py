"""Who gets which e-mail, about what, and for which period: plain functions, no e-mail.

- Action reminders (daily): each owner of an action (`Action.owner_user`; a role written
  as text has no one to write to) hears of their actions due within 7 days and those
  overdue, while they may still read the action's PDU.
- Awaiting verification (daily): each regional lead hears of the recommendations in their
  region that have stood at Complete for more than 5 working days. They have waited since
  the update that made them Complete (`recommendations.queries.with_awaiting_since`, as the
  worklist counts it). Working days are Monday to Friday; bank holidays are not taken out.
- Weekly digest (Mondays): each manager and regional lead hears what changed in the past
  7 days in the PDUs they manage or the regions they lead (see `reminders.digest`).

The period is the day (`2025-03-10`) for the daily reminders and the ISO week
(`2025-W11`) for the digest: `SentEmail` allows one e-mail per user, kind and period.
Each function returns `Reminder`s; `reminders.emails` turns them into messages.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from inspections.access import access_for
from inspections.models import Membership, Role
from recommendations.models import Action, ActionStatus, Recommendation
from recommendations.queries import (
    awaiting_verification_condition,
    overdue_actions,
    with_awaiting_since,
)

from .models import EmailKind

DUE_SOON_DAYS = 7
WAITING_WORKING_DAYS = 5


@dataclass(frozen=True, eq=False)
class Reminder:
    """One e-mail to one user: its kind, its period, what it is about, and what it lists."""

    user: object
    kind: str
    period: str
    about: str
    context: dict = field(default_factory=dict)


def day_period(day: datetime.date) -> str:
    return day.isoformat()


def week_period(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The Mondays to Fridays after `start` up to and including `end` (bank holidays count)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    extra = sum(1 for n in range(1, rest + 1) if (start + datetime.timedelta(n)).weekday() < 5)
    return weeks * 5 + extra


# Action reminders


@dataclass(frozen=True)
class ActionItem:
    action: Action
    overdue_days: int

    @property
    def recommendation(self) -> Recommendation:
        return self.action.recommendation


def action_reminders(today: datetime.date) -> list[Reminder]:
    """To each owner: their actions overdue, and those due within the next 7 days."""
    due_soon = Action.objects.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
    ).exclude(status=ActionStatus.COMPLETE)
    actions = (
        (overdue_actions(today) | due_soon)
        .filter(owner_user__isnull=False, owner_user__is_active=True)
        .select_related("owner_user", "recommendation__inspection__pdu")
        .order_by("owner_user_id", "due_date", "pk")
    )
    owners: dict[int, object] = {}
    items: dict[int, list[ActionItem]] = defaultdict(list)
    for action in actions:
        owner = owners.setdefault(action.owner_user_id, action.owner_user)
        # Someone who has left the PDU is not reminded of its work.
        if not access_for(owner).can_read(action.recommendation.inspection.pdu):
            continue
        items[owner.pk].append(ActionItem(action, max((today - action.due_date).days, 0)))
    reminders = []
    for user_id, listed in items.items():
        overdue = [item for item in listed if item.overdue_days]
        soon = [item for item in listed if not item.overdue_days]
        reminders.append(
            Reminder(
                user=owners[user_id],
                kind=EmailKind.ACTIONS,
                period=day_period(today),
                about="Actions " + ", ".join(str(item.action.pk) for item in listed),
                context={"overdue": overdue, "due_soon": soon, "today": today},
            )
        )
    return reminders


# Awaiting verification


@dataclass(frozen=True)
class WaitingItem:
    recommendation: Recommendation
    complete_since: datetime.datetime
    working_days: int


def awaiting_verification(today: datetime.date) -> dict[int, list[WaitingItem]]:
    """Recommendations at Complete for more than 5 working days, by region id, longest first."""
    complete = (
        with_awaiting_since(Recommendation.objects.filter(awaiting_verification_condition()))
        .select_related("inspection__pdu")
        .order_by("awaiting_since", "pk")
    )
    by_region: dict[int, list[WaitingItem]] = defaultdict(list)
    for recommendation in complete:
        since = recommendation.awaiting_since
        if since is None:
            continue
        waited = working_days_between(timezone.localdate(since), today)
        if waited > WAITING_WORKING_DAYS:
            region_id = recommendation.inspection.pdu.region_id
            by_region[region_id].append(WaitingItem(recommendation, since, waited))
    return by_region


def verification_reminders(today: datetime.date) -> list[Reminder]:
    """To each regional lead: what has waited for their verification too long, in their regions."""
    waiting = awaiting_verification(today)
    leads: dict[int, object] = {}
    items: dict[int, list[WaitingItem]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            role=Role.REGIONAL_LEAD, region__in=list(waiting), user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "region__name")
    )
    for membership in memberships:
        leads.setdefault(membership.user_id, membership.user)
        items[membership.user_id].extend(waiting[membership.region_id])
    return [
        Reminder(
            user=leads[user_id],
            kind=EmailKind.AWAITING_VERIFICATION,
            period=day_period(today),
            about="Recommendations " + ", ".join(str(item.recommendation.pk) for item in listed),
            context={"waiting": listed, "today": today},
        )
        for user_id, listed in items.items()
    ]
