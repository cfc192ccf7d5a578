"""Who gets which reminder, about what, for which period: the rules alone, no e-mail."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import Membership
from recommendations.models import ActionStatus, Status, UpdateKind
from reminders.digest import digest_window, digests
from reminders.models import EmailKind
from reminders.rules import (
    action_reminders,
    day_period,
    verification_reminders,
    week_period,
    working_days_between,
)
from tests import factory

from .helpers import MONDAY, make_complete, next_monday, noon

DAY = datetime.timedelta(days=1)
TUESDAY, FRIDAY = MONDAY + DAY, MONDAY + 4 * DAY


@pytest.fixture
def first(kirklees):
    return kirklees.recommendations.get(number=1)


@pytest.fixture
def second(kirklees):
    return kirklees.recommendations.get(number=2)


# Periods and working days


def test_a_daily_reminder_is_for_its_day_and_a_digest_for_its_iso_week():
    assert day_period(MONDAY) == "2026-03-09"
    assert week_period(MONDAY) == "2026-W11"
    assert week_period(datetime.date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MONDAY, MONDAY, 0),
        (MONDAY, TUESDAY, 1),
        (FRIDAY, FRIDAY + 3 * DAY, 1),  # Saturday and Sunday do not count
        (MONDAY, MONDAY + 7 * DAY, 5),
        (MONDAY, MONDAY + 8 * DAY, 6),
        (FRIDAY, FRIDAY + 14 * DAY, 10),
        (TUESDAY, MONDAY, 0),
    ],
)
def test_working_days_are_mondays_to_fridays_after_the_start(start, end, expected):
    assert working_days_between(start, end) == expected


# Action reminders


def test_an_owner_hears_of_actions_overdue_and_due_within_seven_days(first, manager):
    overdue = factory.action(first, owner_user=manager, owner="", due_date=MONDAY - 3 * DAY)
    today = factory.action(first, owner_user=manager, owner="", due_date=MONDAY)
    in_seven = factory.action(first, owner_user=manager, owner="", due_date=MONDAY + 7 * DAY)
    factory.action(first, owner_user=manager, owner="", due_date=MONDAY + 8 * DAY)
    [reminder] = action_reminders(MONDAY)
    assert reminder.user == manager
    assert (reminder.kind, reminder.period) == (EmailKind.ACTIONS, "2026-03-09")
    assert [(i.action, i.overdue_days) for i in reminder.context["overdue"]] == [(overdue, 3)]
    assert [i.action for i in reminder.context["due_soon"]] == [today, in_seven]
    assert reminder.about == f"Actions {overdue.pk}, {today.pk}, {in_seven.pk}"


def test_complete_actions_are_not_reminded(first, manager):
    factory.action(
        first, owner_user=manager, owner="", due_date=MONDAY, status=ActionStatus.COMPLETE
    )
    assert action_reminders(MONDAY) == []


def test_an_action_owned_by_a_role_reminds_nobody(first):
    factory.action(first, owner="Senior Probation Officer", due_date=MONDAY)
    assert action_reminders(MONDAY) == []


def test_each_owner_hears_only_of_their_own_actions(first, manager, viewer):
    factory.action(first, owner_user=manager, owner="", due_date=MONDAY)
    factory.action(first, owner_user=viewer, owner="", due_date=MONDAY + DAY)
    reminders = {r.user: r for r in action_reminders(MONDAY)}
    assert set(reminders) == {manager, viewer}
    assert len(reminders[viewer].context["due_soon"]) == 1


def test_an_owner_who_has_left_the_pdu_or_is_inactive_is_not_reminded(first, manager, viewer):
    factory.action(first, owner_user=manager, owner="", due_date=MONDAY)
    factory.action(first, owner_user=viewer, owner="", due_date=MONDAY)
    Membership.objects.filter(user=manager).delete()
    viewer.is_active = False
    viewer.save()
    assert action_reminders(MONDAY) == []


# Awaiting verification


def test_a_lead_hears_of_recommendations_complete_for_more_than_five_working_days(
    first, second, manager, lead, other_lead
):
    make_complete(first, manager, on=MONDAY - 8 * DAY)  # the Sunday before last: 6 working days
    make_complete(second, manager, on=MONDAY - 7 * DAY)  # last Monday: 5 working days
    [reminder] = verification_reminders(MONDAY)
    assert reminder.user == lead
    assert reminder.kind == EmailKind.AWAITING_VERIFICATION
    [item] = reminder.context["waiting"]
    assert (item.recommendation, item.working_days) == (first, 6)
    assert timezone.localdate(item.complete_since) == MONDAY - 8 * DAY


def test_a_recommendation_sent_back_waits_again_from_its_new_completion(first, manager, lead):
    make_complete(first, manager, on=MONDAY - 21 * DAY)
    factory.update(
        first,
        lead,
        status=Status.IN_PROGRESS,
        kind=UpdateKind.SENT_BACK,
        reason="More evidence",
        at=noon(MONDAY - 14 * DAY),
    )
    factory.update(first, manager, status=Status.COMPLETE, at=noon(MONDAY - 2 * DAY))
    assert verification_reminders(MONDAY) == []


def test_another_complete_update_while_waiting_does_not_restart_the_clock(first, manager, lead):
    make_complete(first, manager, on=MONDAY - 14 * DAY)
    factory.update(first, manager, status=Status.COMPLETE, at=noon(MONDAY - DAY))
    [reminder] = verification_reminders(MONDAY)
    assert reminder.context["waiting"][0].working_days == 10


def test_verified_recommendations_are_not_awaiting_verification(first, manager, lead):
    make_complete(first, manager, on=MONDAY - 21 * DAY)
    factory.update(first, lead, status=Status.VERIFIED, at=noon(MONDAY - 14 * DAY))
    assert verification_reminders(MONDAY) == []


def test_viewers_and_managers_are_not_asked_to_verify(first, manager, viewer):
    make_complete(first, manager, on=MONDAY - 21 * DAY)
    assert verification_reminders(MONDAY) == []


# The weekly digest


def test_the_digest_covers_the_seven_whole_days_before_the_monday():
    assert digest_window(MONDAY) == (MONDAY - 7 * DAY, MONDAY - DAY)


def test_there_is_no_digest_but_on_mondays(first, manager, lead):
    factory.update(first, manager, at=noon(MONDAY - 2 * DAY))
    assert digests(MONDAY + DAY) == []
    assert {d.user for d in digests(MONDAY)} == {manager, lead}


def test_the_digest_lists_the_weeks_changes_only(first, manager):
    factory.update(first, manager, at=noon(MONDAY - 8 * DAY))
    factory.update(first, manager, at=noon(MONDAY - 7 * DAY))
    factory.update(first, manager, status=Status.COMPLETE, at=noon(MONDAY - DAY))
    factory.update(first, manager, status=Status.COMPLETE, at=noon(MONDAY))
    [digest] = [d for d in digests(MONDAY) if d.user == manager]
    assert (digest.kind, digest.period) == (EmailKind.WEEKLY_DIGEST, "2026-W11")
    assert digest.context["total"] == 2
    assert digest.context["counts"] == [("Progress update", 2)]
    assert [i.at for i in digest.context["items"]] == [
        noon(MONDAY - DAY),
        noon(MONDAY - 7 * DAY),
    ]


def test_the_digest_of_a_manager_holds_only_their_pdus(first, manager, other_manager, lead):
    factory.update(first, manager, at=noon(MONDAY - 2 * DAY))
    recipients = {d.user for d in digests(MONDAY)}
    assert other_manager not in recipients
    assert {manager, lead} <= recipients


def test_nobody_gets_a_digest_of_a_week_without_changes(first, manager, lead):
    assert digests(MONDAY) == []


def test_a_digest_lists_twenty_changes_and_counts_the_rest(first, manager):
    for hour in range(25):
        moment = noon(MONDAY - 3 * DAY) + datetime.timedelta(minutes=hour)
        factory.update(first, manager, at=moment)
    [digest] = [d for d in digests(MONDAY) if d.user == manager]
    assert len(digest.context["items"]) == 20
    assert digest.context["more"] == 5


def test_a_digest_includes_actions_added_in_the_week(first, manager):
    factory.action(first, owner_user=manager, owner="")
    monday = next_monday(timezone.localdate())
    [digest] = [d for d in digests(monday) if d.user == manager]
    assert digest.context["counts"] == [("Action added", 1)]
