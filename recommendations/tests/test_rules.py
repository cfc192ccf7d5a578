"""The status workflow and positions "as at" a date, as plain functions."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from recommendations.models import ProgressUpdate, Status
from recommendations.rules import (
    NO_UPDATES,
    TransitionRefused,
    allowed_statuses,
    check_transition,
    end_of_day,
    position_as_at,
    record_update,
)
from tests import factory

NS, IP, C, V = Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETE, Status.VERIFIED


@pytest.mark.parametrize(("current", "new"), [(NS, IP), (IP, C), (IP, IP), (NS, NS)])
def test_a_manager_moves_one_step_forward_or_stays(current, new):
    check_transition(current, new, may_verify=False)


@pytest.mark.parametrize(("current", "new"), [(NS, C), (NS, V), (IP, V)])
def test_skipping_a_step_is_refused_with_the_next_step_named(current, new):
    with pytest.raises(TransitionRefused, match="can move on to"):
        check_transition(current, new, may_verify=True)


def test_only_a_regional_lead_marks_verified():
    with pytest.raises(TransitionRefused, match="Only a regional lead"):
        check_transition(C, V, may_verify=False)

    check_transition(C, V, may_verify=True)


@pytest.mark.parametrize(("current", "new"), [(V, IP), (C, IP), (IP, NS), (V, C)])
def test_reopening_needs_a_reason(current, new):
    with pytest.raises(TransitionRefused, match="Give a reason"):
        check_transition(current, new, may_verify=True, reason="  ")

    check_transition(current, new, may_verify=True, reason="Audit found gaps")


def test_a_manager_may_choose_the_current_step_the_next_and_any_earlier():
    assert allowed_statuses(C, may_verify=False) == [NS, IP, C]
    assert allowed_statuses(C, may_verify=True) == [NS, IP, C, V]
    assert allowed_statuses(NS, may_verify=False) == [NS, IP]


def at(day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, 1, day, hour))


def fake(pk, when, status, rag=""):
    return SimpleNamespace(
        pk=pk,
        created_at=when,
        status=status,
        rag=rag,
        judgement="",
        improvement_still_required=None,
    )


def test_a_position_as_at_a_date_is_the_latest_update_made_by_then():
    updates = [fake(1, at(1), IP, "red"), fake(2, at(10), C, "green"), fake(3, at(5), IP, "amber")]

    position = position_as_at(updates, end_of_day(datetime.date(2025, 1, 6)))

    assert (position.status, position.rag) == (IP, "amber")


def test_before_any_update_a_recommendation_has_not_started():
    assert position_as_at([fake(1, at(3), IP)], at(2)) == NO_UPDATES


def test_updates_at_the_same_moment_are_ordered_as_saved():
    updates = [fake(8, at(1), C), fake(7, at(1), IP)]

    assert position_as_at(updates, at(2)).status == C


def test_the_end_of_a_day_is_its_last_moment_in_london():
    moment = end_of_day(datetime.date(2025, 7, 1))

    assert timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") == "2025-07-01 23:59:59"


def test_recording_an_update_moves_the_current_position(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)

    record_update(
        recommendation,
        author=manager,
        may_verify=False,
        what_was_done="Audit",
        status=IP,
        rag="amber",
    )

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.rag) == (IP, "amber")


def test_a_refused_update_writes_nothing(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=5)

    with pytest.raises(TransitionRefused):
        record_update(recommendation, author=manager, may_verify=False, what_was_done="x", status=C)

    recommendation.refresh_from_db()
    assert recommendation.status == NS
    assert not ProgressUpdate.objects.exists()


def test_a_position_as_at_a_past_date_does_not_change_with_later_updates(kirklees, manager):
    recommendation = kirklees.recommendations.get(number=1)
    factory.update(recommendation, manager, IP, rag="red", at=at(1))
    factory.update(recommendation, manager, C, rag="amber", at=at(8))
    before = position_as_at(recommendation.updates.all(), end_of_day(datetime.date(2025, 1, 9)))

    factory.update(recommendation, manager, IP, rag="red", reason="Reopened", at=at(20))

    after = position_as_at(recommendation.updates.all(), end_of_day(datetime.date(2025, 1, 9)))
    assert before == after
    assert (after.status, after.rag) == (C, "amber")
