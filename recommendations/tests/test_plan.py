"""The plan's one way in: change_plan records every change, and refuses what the rules forbid."""

import datetime

import pytest

from inspections.models import Role
from recommendations.models import AuditedFieldError, PlanChange, PlanField, Response
from recommendations.plan import PlanRefused, change_plan, plans_as_at
from recommendations.rules import end_of_day
from tests import factory

MARCH = datetime.date(2025, 3, 31)
JUNE = datetime.date(2025, 6, 30)


def test_setting_the_response_records_who_changed_it_from_what_to_what(recommendation, manager):
    change_plan(recommendation, by=manager, response=Response.AGREED)
    change = PlanChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.changed_by) == (
        PlanField.RESPONSE,
        "",
        Response.AGREED,
        manager,
    )


def test_a_response_other_than_agreed_needs_a_reason(recommendation, manager):
    with pytest.raises(PlanRefused) as refusal:
        change_plan(recommendation, by=manager, response=Response.NOT_AGREED)
    assert "response_reason" in refusal.value.errors
    assert not PlanChange.objects.exists()


def test_a_target_date_set_for_the_first_time_needs_no_reason(recommendation, manager):
    change_plan(recommendation, by=manager, target_date=MARCH)
    recommendation.refresh_from_db()
    assert recommendation.target_date == MARCH


def test_moving_a_target_date_needs_a_reason(recommendation, manager):
    change_plan(recommendation, by=manager, target_date=MARCH)
    with pytest.raises(PlanRefused) as refusal:
        change_plan(recommendation, by=manager, target_date=JUNE)
    assert "reason" in refusal.value.errors
    recommendation.refresh_from_db()
    assert recommendation.target_date == MARCH


def test_a_moved_target_date_keeps_its_reason(recommendation, manager):
    change_plan(recommendation, by=manager, target_date=MARCH)
    change_plan(recommendation, by=manager, target_date=JUNE, reason="Recruitment slipped")
    latest = PlanChange.objects.filter(field=PlanField.TARGET_DATE).first()
    assert (latest.old_value, latest.new_value, latest.reason) == (
        "2025-03-31",
        "2025-06-30",
        "Recruitment slipped",
    )


def test_an_owner_must_be_a_member_of_the_pdu(recommendation, manager, other_manager):
    with pytest.raises(PlanRefused) as refusal:
        change_plan(recommendation, by=manager, owner_user=other_manager)
    assert "owner" in refusal.value.errors


def test_a_member_of_the_pdu_may_own_the_recommendation(recommendation, manager, viewer):
    change_plan(recommendation, by=manager, owner_user=viewer)
    recommendation.refresh_from_db()
    assert recommendation.owner_name == viewer.get_full_name()


def test_choosing_a_person_clears_the_role_written_before(recommendation, manager):
    change_plan(recommendation, by=manager, owner="Head of Service")
    change_plan(recommendation, by=manager, owner_user=manager)
    recommendation.refresh_from_db()
    assert (recommendation.owner_user, recommendation.owner) == (manager, "")
    owner_changes = PlanChange.objects.filter(field=PlanField.OWNER).order_by("changed_at", "pk")
    assert [c.new_value for c in owner_changes] == ["Head of Service", manager.get_full_name()]


def test_standards_must_be_the_inspections_own(recommendation, manager):
    elsewhere = factory.inspection(recommendations=1).standards.first()
    with pytest.raises(PlanRefused) as refusal:
        change_plan(recommendation, by=manager, standards=[elsewhere])
    assert "standards" in refusal.value.errors
    assert not recommendation.standards.exists()


def test_the_standards_addressed_are_recorded_by_code(recommendation, manager, kirklees):
    chosen = list(kirklees.standards.filter(code__in=["P 1.2", "P 2.1"]))
    change_plan(recommendation, by=manager, standards=chosen)
    assert set(recommendation.standards.values_list("code", flat=True)) == {"P 1.2", "P 2.1"}
    assert PlanChange.objects.get().new_value == "P 1.2, P 2.1"


def test_changing_nothing_records_nothing(recommendation, manager):
    change_plan(recommendation, by=manager, owner="Head of Service")
    assert change_plan(recommendation, by=manager, owner="Head of Service") == []
    assert PlanChange.objects.count() == 1


def test_saving_a_changed_target_date_any_other_way_is_refused(recommendation):
    recommendation.target_date = MARCH
    with pytest.raises(AuditedFieldError):
        recommendation.save()


def test_saving_a_changed_due_date_any_other_way_is_refused(recommendation):
    action = factory.action(recommendation)
    action.refresh_from_db()
    action.due_date = MARCH
    with pytest.raises(AuditedFieldError):
        action.save()


def test_the_plan_as_at_a_past_day_is_as_it_stood_then(recommendation, manager):
    change_plan(recommendation, by=manager, response=Response.AGREED, target_date=MARCH)
    PlanChange.objects.update(changed_at=end_of_day(datetime.date(2025, 1, 10)))
    change_plan(recommendation, by=manager, target_date=JUNE, reason="Slipped")
    PlanChange.objects.filter(new_value="2025-06-30").update(
        changed_at=end_of_day(datetime.date(2025, 2, 10))
    )
    recommendation.refresh_from_db()

    def plan_on(day):
        return plans_as_at([recommendation], day)[recommendation.pk]

    assert (
        plan_on(datetime.date(2025, 1, 1)).response,
        plan_on(datetime.date(2025, 1, 1)).target_date,
    ) == ("", None)
    assert plan_on(datetime.date(2025, 1, 20)).target_date == MARCH
    assert plan_on(datetime.date(2025, 3, 1)).target_date == JUNE
    assert plan_on(datetime.date(2025, 3, 1)).response_label == "Agreed"


def test_a_role_may_own_work_without_an_account(recommendation, manager):
    change_plan(recommendation, by=manager, owner="Quality Lead")
    recommendation.refresh_from_db()
    assert recommendation.owner_name == "Quality Lead"


def test_a_regional_leads_membership_does_not_make_them_a_pdu_member(recommendation, manager, lead):
    with pytest.raises(PlanRefused):
        change_plan(recommendation, by=manager, owner_user=lead)
    assert lead.memberships.get().role == Role.REGIONAL_LEAD


def test_an_owners_role_longer_than_its_column_is_refused_with_a_message(recommendation, manager):
    with pytest.raises(PlanRefused) as refusal:
        change_plan(recommendation, by=manager, owner="x" * 201)
    assert refusal.value.errors == {"owner": "The owner's role must be 200 characters or fewer"}
    assert not PlanChange.objects.exists()


def test_an_actions_owner_role_longer_than_its_column_is_refused(recommendation, manager):
    from recommendations.actions import ActionRefused, add_action

    with pytest.raises(ActionRefused):
        add_action(
            recommendation,
            description="Audit",
            due_date=datetime.date.today(),
            by=manager,
            owner="x" * 201,
        )
    assert not recommendation.actions.exists()
