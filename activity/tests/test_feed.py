"""The activity feed's events: every source, the user's scope, order, and the filters."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from activity.feed import KINDS, events_for
from inspections.models import Role
from recommendations.actions import add_action, edit_action, move_due_date, set_action_status
from recommendations.models import ActionStatus, Evidence, Measurement, Status, Unit
from recommendations.plan import change_plan
from tests import factory

TODAY = timezone.localdate()
WEEK_AGO = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def action(recommendation, manager):
    return add_action(
        recommendation,
        description="Audit RoSH assessments",
        due_date=TODAY + datetime.timedelta(days=30),
        owner="Senior Probation Officer",
        by=manager,
    )


@pytest.fixture
def indicator(kirklees, recommendation):
    made = kirklees.indicators.create(
        name="PO workload",
        source="134% of WMT capacity",
        unit=Unit.PERCENT_OF_CAPACITY,
        better="lower",
        baseline_value=Decimal("134"),
        baseline_date=datetime.date(2024, 8, 1),
    )
    made.recommendations.add(recommendation)
    return made


def kinds(events) -> list[str]:
    return [event.kind for event in events]


def feed(user, **filters) -> list:
    filters.setdefault("since", WEEK_AGO)
    return list(events_for(user, **filters))


def test_a_progress_update_appears_with_who_and_when(manager, recommendation):
    update = factory.update(recommendation, manager, Status.IN_PROGRESS, what_was_done="Hired")
    [event] = feed(manager)
    assert event.kind == "update"
    assert event.kind_label == "Progress update"
    assert event.who == "Manager Tester"
    assert event.at == update.created_at
    assert event.pdu_name == "Kirklees"
    assert event.recommendation_number == 1
    assert event.summary == "Logged a progress update (In progress): Hired"
    assert event.url == f"/recommendations/{recommendation.pk}/#timeline"


def test_a_verification_and_a_send_back_appear_as_decisions(manager, lead, recommendation):
    factory.update(recommendation, manager, Status.IN_PROGRESS, may_verify=False)
    factory.update(recommendation, manager, Status.COMPLETE, may_verify=False)
    factory.update(
        recommendation,
        lead,
        Status.IN_PROGRESS,
        kind="sent_back",
        reason="No audit evidence",
        what_was_done="Sent back by the regional lead.",
    )
    factory.update(recommendation, manager, Status.COMPLETE, may_verify=False)
    factory.update(recommendation, lead, Status.VERIFIED, kind="verification")
    events = feed(lead)
    assert kinds(events) == ["verification", "update", "sent_back", "update", "update"]
    assert events[0].who == "Lead Tester"
    assert events[2].summary == "Sent the recommendation back: No audit evidence"


def test_an_added_action_appears_and_links_to_the_action(manager, action, recommendation):
    [event] = feed(manager)
    assert event.kind == "action_added"
    assert event.who == "Manager Tester"
    assert event.summary == "Added an action: Audit RoSH assessments"
    assert event.url == f"/recommendations/{recommendation.pk}/#action-{action.pk}"


def test_a_changed_action_appears(manager, action):
    edit_action(action, description="Audit every RoSH assessment", owner="SPO", by=manager)
    assert kinds(feed(manager)) == ["action_changed", "action_added"]
    assert (
        feed(manager)[0].summary
        == "Changed an action (now Not started): Audit every RoSH assessment"
    )


def test_an_action_started_is_changed_and_an_action_finished_is_completed(manager, action):
    set_action_status(action, ActionStatus.IN_PROGRESS, by=manager)
    set_action_status(action, ActionStatus.COMPLETE, by=manager)
    assert kinds(feed(manager)) == ["action_completed", "action_changed", "action_added"]


def test_a_due_date_move_appears_once_with_its_reason(manager, action):
    old = action.due_date
    move_due_date(
        action, new_due_date=old + datetime.timedelta(days=14), reason="Leave", by=manager
    )
    events = feed(manager)
    # The audit history's row for the move is left out: the move itself says why.
    assert kinds(events) == ["due_date_moved", "action_added"]
    assert events[0].who == "Manager Tester"
    assert events[0].summary == (
        f"Moved the due date of “Audit RoSH assessments” from {old:%-d %B %Y} to "
        f"{old + datetime.timedelta(days=14):%-d %B %Y}: Leave"
    )
    assert events[0].url.endswith(f"#action-{action.pk}")


def test_a_target_date_move_and_a_plan_change_appear(manager, recommendation):
    change_plan(recommendation, by=manager, target_date=datetime.date(2025, 3, 31))
    change_plan(
        recommendation, by=manager, target_date=datetime.date(2025, 6, 30), reason="Recruitment"
    )
    change_plan(recommendation, by=manager, response="agreed")
    events = feed(manager)
    assert kinds(events) == ["plan_changed", "target_date_moved", "target_date_moved"]
    assert [event.summary for event in events] == [
        "Set the HMPPS response to Agreed",
        "Changed the target date from 31 March 2025 to 30 June 2025: Recruitment",
        "Set the target date to 31 March 2025",
    ]


def test_a_measurement_appears_with_who_entered_it(manager, indicator, recommendation):
    Measurement.objects.create(
        indicator=indicator, date=TODAY, value=Decimal("128.5"), recorded_by=manager
    )
    [event] = feed(manager)
    assert event.kind == "measurement"
    assert event.who == "Manager Tester"
    assert event.summary == (
        f"Added a measurement of PO workload: 128.5% of WMT capacity on {TODAY:%-d %B %Y}"
    )
    assert event.recommendation_number == 1
    assert event.url == f"/recommendations/{recommendation.pk}/#indicators"


def test_a_measurement_of_an_indicator_without_recommendations_links_to_status(
    manager, kirklees, indicator
):
    indicator.recommendations.clear()
    Measurement.objects.create(indicator=indicator, date=TODAY, value=Decimal("120"))
    [event] = feed(manager)
    assert event.who == "Not recorded"
    assert event.recommendation_number is None
    assert event.url == f"/inspections/{kirklees.pk}/status/"


def test_evidence_added_appears(manager, recommendation, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    update = factory.update(recommendation, manager)
    Evidence.objects.create(
        update=update,
        uploaded_by=manager,
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
        original_name="audit.pdf",
        content_type="application/pdf",
        size=8,
    )
    events = feed(manager)
    assert kinds(events) == ["evidence", "update"] or kinds(events) == ["update", "evidence"]
    evidence = next(event for event in events if event.kind == "evidence")
    assert evidence.summary == "Added evidence: audit.pdf"


def test_events_come_newest_first(manager, recommendation):
    now = timezone.now()
    for days in (3, 1, 2):
        factory.update(
            recommendation,
            manager,
            what_was_done=f"{days} days ago",
            at=now - datetime.timedelta(days=days),
        )
    assert [event.summary[-10:] for event in feed(manager)] == [
        "1 days ago",
        "2 days ago",
        "3 days ago",
    ]


def test_events_before_since_are_left_out(manager, recommendation):
    factory.update(recommendation, manager, at=timezone.now() - datetime.timedelta(days=8))
    assert feed(manager) == []
    assert len(feed(manager, since=TODAY - datetime.timedelta(days=8))) == 1


def test_events_after_until_are_left_out(manager, recommendation):
    factory.update(recommendation, manager, at=timezone.now() - datetime.timedelta(days=3))
    factory.update(recommendation, manager)
    assert len(feed(manager, until=TODAY - datetime.timedelta(days=1))) == 1


def test_a_manager_sees_nothing_of_another_pdu(manager, other_manager, recommendation, action):
    factory.update(recommendation, manager)
    assert feed(other_manager) == []


def test_a_regional_lead_sees_every_pdu_in_the_region(lead, other_lead, manager, calderdale):
    calderdale_inspection = factory.inspection(calderdale)
    other = factory.member(calderdale, Role.MANAGER)
    factory.update(calderdale_inspection.recommendations.first(), other)
    assert [event.pdu_name for event in feed(lead)] == ["Calderdale"]
    assert feed(other_lead) == []


def test_the_pdu_filter_keeps_one_pdu(lead, manager, recommendation, calderdale):
    calderdale_inspection = factory.inspection(calderdale)
    factory.update(calderdale_inspection.recommendations.first(), factory.member(calderdale))
    factory.update(recommendation, manager)
    assert [event.pdu_name for event in feed(lead, pdu=calderdale)] == ["Calderdale"]
    assert [event.pdu_name for event in feed(lead, pdu=recommendation.inspection.pdu)] == [
        "Kirklees"
    ]


def test_a_pdu_outside_the_users_scope_gives_nothing(other_manager, manager, recommendation):
    factory.update(recommendation, manager)
    assert feed(other_manager, pdu=recommendation.inspection.pdu) == []


def test_the_kinds_filter_keeps_only_those_kinds(manager, recommendation, action):
    factory.update(recommendation, manager)
    set_action_status(action, ActionStatus.COMPLETE, by=manager)
    assert kinds(feed(manager, kinds=["update"])) == ["update"]
    assert kinds(feed(manager, kinds=["action_completed", "update"])) == [
        "action_completed",
        "update",
    ]
    assert kinds(feed(manager, kinds=["action_added"])) == ["action_added"]


def test_no_kinds_means_every_kind(manager, recommendation, action):
    factory.update(recommendation, manager)
    assert len(feed(manager, kinds=[])) == len(feed(manager, kinds=list(KINDS))) == 2


def test_the_feed_counts_and_slices_in_the_database(manager, recommendation):
    for _ in range(5):
        factory.update(recommendation, manager)
    events = events_for(manager, since=WEEK_AGO)
    assert events.count() == 5
    assert len(events[1:3]) == 2


def test_the_administrator_sees_everything(admin_user, manager, recommendation):
    factory.update(recommendation, manager)
    assert len(feed(admin_user)) == 1


def test_an_owner_set_reads_as_a_sentence(manager, recommendation):
    change_plan(recommendation, by=manager, owner="Head of Service")
    [event] = feed(manager)
    assert event.kind == "plan_changed"
    assert event.summary == "Set the owner to Head of Service"


def test_a_pdu_may_be_given_by_its_id(lead, manager, recommendation):
    factory.update(recommendation, manager)
    assert len(feed(lead, pdu=recommendation.inspection.pdu_id)) == 1
