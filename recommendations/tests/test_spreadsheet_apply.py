"""Confirming applies every change in one transaction, through the domain functions, or none."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import (
    Action,
    ActionStatus,
    DueDateChange,
    PlanChange,
    PlanField,
    ProgressUpdate,
    Response,
    Status,
)
from recommendations.plan import change_plan
from recommendations.tests.spreadsheets import (
    confirm_url,
    download,
    edit,
    latest_upload,
    page_text,
    resave_with_libreoffice,
    upload,
    upload_and_preview,
)
from tests import factory

NEXT_YEAR = datetime.date(timezone.localdate().year + 1, 3, 31)
EDITS = {
    "Plan": {
        "D2": "Partly agreed",
        "E2": "Funding is not yet agreed",
        "F2": "Manager Tester",
        "G2": NEXT_YEAR,
        "J3": "Recruited two POs",
        "L3": "In progress",
        "M3": "Amber",
        "N3": "Some progress",
        "O3": "Yes",
    },
    "Actions": {
        "E2": NEXT_YEAR + datetime.timedelta(days=30),
        "F2": "Waiting for the audit team",
        "G2": "In progress",
        "B3": 4,
        "C3": "Run monthly case audits",
        "D3": "Senior Probation Officer",
        "E3": f"{NEXT_YEAR:%d/%m/%Y}",
    },
}


@pytest.fixture
def action(kirklees):
    return factory.action(kirklees.recommendations.get(number=1), due_date=NEXT_YEAR)


def confirm(client, inspection, **headers):
    return client.post(confirm_url(inspection, latest_upload()), headers=headers)


def assert_all_applied(kirklees, manager, action):
    first = kirklees.recommendations.get(number=1)
    assert (first.response, first.response_reason) == (
        Response.PARTLY_AGREED,
        "Funding is not yet agreed",
    )
    assert (first.owner_user, first.target_date) == (manager, NEXT_YEAR)
    assert {c.field for c in first.plan_changes.all()} == {
        PlanField.RESPONSE,
        PlanField.RESPONSE_REASON,
        PlanField.OWNER,
        PlanField.TARGET_DATE,
    }
    assert {c.changed_by for c in PlanChange.objects.all()} == {manager}
    second = kirklees.recommendations.get(number=2)
    update = second.updates.get()
    assert (update.author, update.status, update.rag) == (manager, Status.IN_PROGRESS, "amber")
    assert second.status == Status.IN_PROGRESS
    action.refresh_from_db()
    assert (action.status, action.due_date) == (
        ActionStatus.IN_PROGRESS,
        NEXT_YEAR + datetime.timedelta(days=30),
    )
    move = action.due_date_changes.get()
    assert (move.changed_by, move.reason) == (manager, "Waiting for the audit team")
    assert action.history.first().history_user == manager
    added = Action.objects.get(description="Run monthly case audits")
    assert (added.recommendation.number, added.owner, added.due_date) == (
        4,
        "Senior Probation Officer",
        NEXT_YEAR,
    )
    assert (added.created_by, added.history.first().history_user) == (manager, manager)


def test_confirming_applies_every_change_with_its_history(signed_in, kirklees, manager, action):
    upload_and_preview(signed_in, kirklees, EDITS)
    response = confirm(signed_in, kirklees)
    assert response.status_code == 303
    assert response["Location"] == f"/inspections/{kirklees.pk}/"
    assert_all_applied(kirklees, manager, action)
    assert latest_upload().applied_at is not None
    assert "Action plan saved: 4 rows changed" in page_text(signed_in.get(response["Location"]))


def test_confirming_with_htmx_sends_the_browser_to_the_inspection(
    signed_in, kirklees, manager, action
):
    upload_and_preview(signed_in, kirklees, EDITS)
    response = confirm(signed_in, kirklees, HX_Request="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/inspections/{kirklees.pk}/"
    assert_all_applied(kirklees, manager, action)


def test_a_plan_edited_in_libreoffice_is_applied(signed_in, kirklees, manager, action):
    content = resave_with_libreoffice(edit(download(signed_in, kirklees), EDITS))
    assert upload(signed_in, kirklees, content).status_code == 303
    assert confirm(signed_in, kirklees).status_code == 303
    assert_all_applied(kirklees, manager, action)


def test_a_plan_saved_again_by_libreoffice_unchanged_changes_nothing(signed_in, kirklees, manager):
    recommendation = kirklees.recommendations.get(number=3)
    factory.action(recommendation, description="- check every case", due_date=NEXT_YEAR)
    change_plan(
        recommendation,
        by=manager,
        response=Response.NOT_AGREED,
        response_reason="Line one\nline two",
        owner_user=manager,
        target_date=NEXT_YEAR,
    )
    content = resave_with_libreoffice(download(signed_in, kirklees))
    assert upload(signed_in, kirklees, content).status_code == 303
    text = page_text(
        signed_in.get(f"/inspections/{kirklees.pk}/action-plan/uploads/{latest_upload().uuid}/")
    )
    assert "The uploaded plan changes nothing" in text
    assert "There is a problem" not in text


def test_confirming_checks_the_plan_again_and_writes_nothing_if_it_no_longer_holds(
    signed_in, kirklees, manager, action
):
    upload_and_preview(signed_in, kirklees, EDITS)
    # Meanwhile a colleague moves recommendation 2 on, so the file's update would step it back.
    second = kirklees.recommendations.get(number=2)
    factory.update(second, manager, Status.IN_PROGRESS)
    factory.update(second, manager, Status.COMPLETE)
    response = confirm(signed_in, kirklees)
    assert response.status_code == 400
    assert "Give a reason for moving this recommendation back from Complete" in page_text(response)
    assert PlanChange.objects.count() == 0
    assert DueDateChange.objects.count() == 0
    assert ProgressUpdate.objects.filter(recommendation=second).count() == 2
    assert not Action.objects.filter(description="Run monthly case audits").exists()
    assert latest_upload().applied_at is None


def test_a_plan_applied_once_cannot_be_applied_twice(signed_in, kirklees, action):
    upload_and_preview(signed_in, kirklees, EDITS)
    assert confirm(signed_in, kirklees).status_code == 303
    response = confirm(signed_in, kirklees)
    assert response.status_code == 409
    assert "cannot be saved again" in page_text(response)
    assert Action.objects.filter(description="Run monthly case audits").count() == 1


def test_the_same_download_uploaded_again_cannot_be_applied_again(signed_in, kirklees, action):
    content = edit(download(signed_in, kirklees), EDITS)
    upload(signed_in, kirklees, content)
    assert confirm(signed_in, kirklees).status_code == 303
    response = upload(signed_in, kirklees, content)
    preview = signed_in.get(response["Location"])
    assert "cannot be saved again" in page_text(preview)
    assert "Save these changes" not in page_text(preview)
    assert confirm(signed_in, kirklees).status_code == 409
    assert Action.objects.filter(description="Run monthly case audits").count() == 1
    assert ProgressUpdate.objects.count() == 1


def test_a_plan_with_problems_cannot_be_confirmed(signed_in, kirklees, action):
    upload_and_preview(signed_in, kirklees, {"Plan": {"D2": "Agreed", "G2": "soon"}})
    response = confirm(signed_in, kirklees)
    assert response.status_code == 400
    assert "The target date must be a real date" in page_text(response)
    assert PlanChange.objects.count() == 0


def test_a_colleagues_upload_is_not_found(signed_in, client, kirklees, action):
    upload_and_preview(signed_in, kirklees, EDITS)
    colleague = factory.member(kirklees.pdu, username="colleague")
    client.force_login(colleague)
    assert (
        client.get(
            f"/inspections/{kirklees.pk}/action-plan/uploads/{latest_upload().uuid}/"
        ).status_code
        == 404
    )
    assert confirm(client, kirklees).status_code == 404
    assert PlanChange.objects.count() == 0
