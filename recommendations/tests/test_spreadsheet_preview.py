"""The preview lists every change row by row and every problem cell by cell, and writes nothing."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import (
    Action,
    DueDateChange,
    PlanChange,
    ProgressUpdate,
    Recommendation,
    Response,
    Status,
)
from recommendations.plan import change_plan
from recommendations.tests.spreadsheets import (
    download,
    edit,
    latest_upload,
    page_text,
    upload,
    upload_and_preview,
)
from tests import factory

NEXT_YEAR = datetime.date(timezone.localdate().year + 1, 3, 31)


def assert_nothing_written():
    assert PlanChange.objects.count() == 0
    assert ProgressUpdate.objects.count() == 0
    assert DueDateChange.objects.count() == 0
    assert not Recommendation.objects.exclude(response="").exists()


def test_the_preview_lists_each_change_by_row_and_writes_nothing(signed_in, kirklees):
    response = upload_and_preview(
        signed_in,
        kirklees,
        {
            "Plan": {
                "D3": "Partly agreed",
                "E3": "Funding",
                "F3": "Head of Service",
                "G3": NEXT_YEAR,
            }
        },
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "Recommendation 2" in text
    assert "Plan sheet, row 3" in text
    assert "HMPPS response: Not set → Partly agreed" in text
    assert "Owner: Not set → Head of Service" in text
    assert f"Target date: Not set → {NEXT_YEAR:%-d %B %Y}" in text
    assert "Save these changes" in text
    assert_nothing_written()


def test_a_plan_with_no_changes_says_so_and_offers_nothing_to_save(signed_in, kirklees):
    text = page_text(upload_and_preview(signed_in, kirklees, {}))
    assert "The uploaded plan changes nothing" in text
    assert "Save these changes" not in text


def test_text_dates_are_read_as_dates(signed_in, kirklees):
    text = page_text(
        upload_and_preview(signed_in, kirklees, {"Plan": {"G2": f"31/03/{NEXT_YEAR.year}"}})
    )
    assert f"Target date: Not set → 31 March {NEXT_YEAR.year}" in text
    text = page_text(
        upload_and_preview(signed_in, kirklees, {"Plan": {"G2": NEXT_YEAR.isoformat()}})
    )
    assert f"Target date: Not set → 31 March {NEXT_YEAR.year}" in text


def test_a_person_named_as_owner_is_recognised_by_name_or_username(signed_in, kirklees, manager):
    for written in ("Manager Tester", "MANAGER"):
        text = page_text(upload_and_preview(signed_in, kirklees, {"Plan": {"F2": written}}))
        assert "Owner: Not set → Manager Tester" in text


def problem_page(client, inspection, changes, content=None):
    response = upload_and_preview(client, inspection, changes, content)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem with the uploaded plan" in text or "There are problems" in text
    assert "Save these changes" not in text
    return text


def test_an_unreadable_date_is_a_problem_on_its_cell(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"G2": "next spring"}})
    assert "Plan sheet, cell G2" in text
    assert "The target date must be a real date, like 31/03/2025" in text
    assert_nothing_written()


def test_a_formula_is_a_problem_on_its_cell(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"E2": "=A1&B1"}})
    assert "Plan sheet, cell E2" in text
    assert "This cell holds a formula" in text


def test_an_edited_heading_is_a_problem(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"F1": "Who"}})
    assert "Plan sheet, cell F1" in text
    assert "The heading of column F must be “Owner”, not “Who”" in text


def test_an_unknown_row_is_a_problem(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"A2": "R999999"}})
    assert "Plan sheet, cell A2" in text
    assert "This row is not a recommendation the tracker knows" in text


def test_a_row_id_changed_into_nonsense_is_a_problem(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Actions": {"A2": "x", "C2": "Audit"}})
    assert "its Row ID is missing or has been changed" in text


def test_a_duplicated_row_is_a_problem(signed_in, kirklees):
    first = kirklees.recommendations.get(number=1)
    text = problem_page(signed_in, kirklees, {"Plan": {"A3": f"R{first.pk}"}})
    assert "Plan sheet, cell A3" in text
    assert "This row repeats row 2" in text


def test_a_row_of_another_pdu_is_a_problem(signed_in, kirklees, calderdale):
    theirs = factory.inspection(calderdale).recommendations.first()
    text = problem_page(signed_in, kirklees, {"Plan": {"A2": f"R{theirs.pk}"}})
    assert "This row is a recommendation of another PDU's or another inspection's plan" in text


def test_a_status_move_the_workflow_refuses_is_a_problem(signed_in, kirklees):
    update = {"J2": "Finished", "L2": "Complete", "M2": "Green", "N2": "Sufficient progress"}
    text = problem_page(signed_in, kirklees, {"Plan": {**update, "O2": "No"}})
    assert "Plan sheet, cell L2" in text
    assert "can move on to In progress, not straight to Complete" in text
    assert_nothing_written()


def test_an_update_without_what_was_done_is_a_problem(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"L2": "In progress"}})
    assert "Plan sheet, cell J2" in text
    assert "Enter what was done" in text


def test_a_target_date_moved_without_a_reason_is_a_problem(signed_in, kirklees, manager):
    recommendation = kirklees.recommendations.get(number=1)
    change_plan(recommendation, by=manager, target_date=NEXT_YEAR)
    later = NEXT_YEAR + datetime.timedelta(days=30)
    text = problem_page(signed_in, kirklees, {"Plan": {"G2": later}})
    assert "Plan sheet, cell H2" in text
    assert "Enter the reason for moving the target date" in text


def test_a_due_date_moved_without_a_reason_is_a_problem(signed_in, kirklees):
    factory.action(kirklees.recommendations.get(number=1), due_date=NEXT_YEAR)
    text = problem_page(signed_in, kirklees, {"Actions": {"E2": NEXT_YEAR.replace(day=1)}})
    assert "Actions sheet, cell F2" in text
    assert "Enter the reason for moving the due date" in text
    assert Action.objects.get().due_date == NEXT_YEAR


def test_a_response_not_fully_agreed_needs_its_reason(signed_in, kirklees):
    text = problem_page(signed_in, kirklees, {"Plan": {"D2": "Not agreed"}})
    assert "Plan sheet, cell E2" in text
    assert "Enter the reason the recommendation is not fully agreed" in text


def test_a_new_action_without_an_owner_or_a_recommendation_is_a_problem(signed_in, kirklees):
    text = problem_page(
        signed_in, kirklees, {"Actions": {"B2": 99, "C2": "Audit", "E2": NEXT_YEAR}}
    )
    assert "Actions sheet, cell B2" in text
    assert "from 1 to 8" in text
    assert "Actions sheet, cell D2" in text
    assert Action.objects.count() == 0


def test_a_new_action_due_in_the_past_is_a_problem(signed_in, kirklees):
    text = problem_page(
        signed_in,
        kirklees,
        {"Actions": {"B2": 1, "C2": "Audit", "D2": "SPO", "E2": datetime.date(2020, 1, 1)}},
    )
    assert "The due date must be today or in the future" in text


def test_a_value_changed_in_the_tracker_since_the_download_is_not_undone(
    signed_in, kirklees, manager
):
    content = download(signed_in, kirklees)
    recommendation = kirklees.recommendations.get(number=1)
    change_plan(recommendation, by=manager, response=Response.AGREED, owner="Head of Service")
    text = page_text(upload_and_preview(signed_in, kirklees, {"Plan": {"G2": NEXT_YEAR}}, content))
    assert "HMPPS response" not in text
    assert "Owner:" not in text
    assert f"Target date: Not set → {NEXT_YEAR:%-d %B %Y}" in text


def test_a_value_changed_both_in_the_tracker_and_in_the_file_is_a_problem(
    signed_in, kirklees, manager
):
    content = download(signed_in, kirklees)
    recommendation = kirklees.recommendations.get(number=1)
    change_plan(recommendation, by=manager, owner="Head of Service")
    text = problem_page(signed_in, kirklees, {"Plan": {"F2": "SPO"}}, content)
    assert "Plan sheet, cell F2" in text
    assert (
        "changed in the tracker after the plan was downloaded (it is now “Head of Service”)" in text
    )


def test_the_htmx_upload_is_sent_on_to_the_preview(signed_in, kirklees):
    response = upload(
        signed_in, kirklees, edit(download(signed_in, kirklees), {}), HX_Request="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"/action-plan/uploads/{latest_upload().uuid}/")


def test_the_htmx_upload_with_errors_swaps_the_form_in(signed_in, kirklees):
    response = upload(signed_in, kirklees, b"nonsense", HX_Request="true")
    assert response.status_code == 200
    assert response.template_name == "recommendations/plan_upload.html#upload-form"
    assert "must be an Excel workbook" in page_text(response)
    assert "<html" not in response.content.decode()


def test_the_upload_page_offers_the_download(signed_in, kirklees):
    response = signed_in.get(f"/inspections/{kirklees.pk}/action-plan/upload/")
    assert response.status_code == 200
    assert "Download the action plan to edit it" in page_text(response)


@pytest.mark.parametrize("actions", [1, 10])
def test_the_preview_takes_the_same_queries_whatever_the_plan_holds(
    signed_in, kirklees, django_assert_num_queries, actions
):
    for recommendation in kirklees.recommendations.all():
        for _ in range(actions):
            factory.action(recommendation)
    response = upload(
        signed_in, kirklees, edit(download(signed_in, kirklees), {"Plan": {"F2": "SPO"}})
    )
    with django_assert_num_queries(9):
        assert signed_in.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("actions", [1, 10])
def test_the_upload_takes_the_same_queries_whatever_the_plan_holds(
    signed_in, kirklees, django_assert_num_queries, actions
):
    for recommendation in kirklees.recommendations.all():
        for _ in range(actions):
            factory.action(recommendation)
    content = edit(download(signed_in, kirklees), {"Plan": {"F2": "SPO"}})
    with django_assert_num_queries(5):
        assert upload(signed_in, kirklees, content).status_code == 303


def test_an_update_for_a_recommendation_already_complete_can_reopen_it_with_a_reason(
    signed_in, kirklees, manager
):
    recommendation = kirklees.recommendations.get(number=1)
    factory.update(recommendation, manager, Status.IN_PROGRESS)
    factory.update(recommendation, manager, Status.COMPLETE)
    update = {"J2": "Audit found gaps", "L2": "In progress", "M2": "Amber", "N2": "Some progress"}
    text = problem_page(signed_in, kirklees, {"Plan": {**update, "O2": "Yes"}})
    assert "Plan sheet, cell P2" in text
    text = page_text(
        upload_and_preview(signed_in, kirklees, {"Plan": {**update, "O2": "Yes", "P2": "Gaps"}})
    )
    assert "New update: Complete → In progress, Amber, Some progress" in text
