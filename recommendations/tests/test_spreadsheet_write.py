"""The action plan downloaded as .xlsx: the HMPPS layout, identifiers hidden and locked."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import Response
from recommendations.plan import change_plan
from recommendations.tests.spreadsheets import download, read_back
from tests import factory


def test_it_has_instructions_plan_and_actions_sheets_and_a_hidden_one(signed_in, kirklees):
    workbook = read_back(download(signed_in, kirklees))
    assert workbook.sheetnames == ["Instructions", "Plan", "Actions", "Tracker"]
    assert workbook["Tracker"].sheet_state == "hidden"
    assert [workbook[name].sheet_state for name in workbook.sheetnames[:3]] == ["visible"] * 3


def test_the_hidden_sheet_names_the_inspection_and_the_pdu(signed_in, kirklees):
    tracker = read_back(download(signed_in, kirklees))["Tracker"]
    assert tracker["B2"].value == str(kirklees.pk)
    assert tracker["B3"].value == str(kirklees.pdu_id)


def test_it_has_one_row_per_recommendation_with_its_id_in_a_hidden_locked_column(
    signed_in, kirklees
):
    plan = read_back(download(signed_in, kirklees))["Plan"]
    rows = list(plan.iter_rows(min_row=2, values_only=True))
    recommendations = list(kirklees.recommendations.order_by("number"))
    assert [row[0] for row in rows] == [f"R{r.pk}" for r in recommendations]
    assert [row[1] for row in rows] == [r.number for r in recommendations]
    assert plan.column_dimensions["A"].hidden
    assert plan.protection.sheet
    assert plan["A2"].protection.locked
    assert plan["C2"].protection.locked  # the recommendation's text is read-only
    assert not plan["D2"].protection.locked  # the response is for editing


def test_the_plan_is_written_in_words_and_real_dates(signed_in, kirklees, manager):
    recommendation = kirklees.recommendations.get(number=1)
    change_plan(
        recommendation,
        by=manager,
        response=Response.PARTLY_AGREED,
        response_reason="Funding",
        owner="Head of Service",
        target_date=datetime.date(2025, 3, 31),
    )
    plan = read_back(download(signed_in, kirklees))["Plan"]
    assert [c.value for c in plan[2][3:9]] == [
        "Partly agreed",
        "Funding",
        "Head of Service",
        datetime.datetime(2025, 3, 31),
        None,
        "Not started",
    ]
    assert plan["G2"].is_date


def test_actions_have_their_own_rows_and_empty_rows_for_new_ones(signed_in, kirklees):
    recommendation = kirklees.recommendations.get(number=2)
    action = factory.action(
        recommendation, description="Audit", due_date=datetime.date(2030, 1, 31)
    )
    actions = read_back(download(signed_in, kirklees))["Actions"]
    assert [c.value for c in actions[2]] == [
        f"A{action.pk}",
        2,
        "Audit",
        "Senior Probation Officer",
        datetime.datetime(2030, 1, 31),
        None,
        "Not started",
    ]
    assert actions.column_dimensions["A"].hidden
    assert not actions["C32"].protection.locked  # room for new actions, open for editing


def test_text_that_looks_like_a_formula_is_written_as_text(signed_in, kirklees):
    factory.action(kirklees.recommendations.get(number=1), description="=HYPERLINK(1)")
    actions = read_back(download(signed_in, kirklees))["Actions"]
    assert actions["C2"].value == "=HYPERLINK(1)"
    assert actions["C2"].data_type == "s"


def test_the_pdus_people_are_listed_and_offered_as_owners(signed_in, kirklees, manager):
    workbook = read_back(download(signed_in, kirklees))
    listed = [c.value for c in workbook["Instructions"]["A"]]
    assert "Manager Tester" in listed
    lists = [v.formula1 for v in workbook["Plan"].data_validations.dataValidation]
    assert '"Agreed,Partly agreed,Not agreed"' in lists
    assert any(formula.startswith("Instructions!$A$") for formula in lists)


def test_a_manager_gets_no_verified_status_to_choose(signed_in, kirklees):
    lists = [
        v.formula1
        for v in read_back(download(signed_in, kirklees))["Plan"].data_validations.dataValidation
    ]
    assert '"Not started,In progress,Complete"' in lists


def test_it_is_an_attachment_not_cached(signed_in, kirklees):
    response = signed_in.get(reverse("action-plan-download", args=[kirklees.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="kirklees-action-plan-')
    assert response["Cache-Control"] == "private, no-store"
    load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("actions", [1, 12])
def test_the_download_takes_the_same_queries_whatever_the_plan_holds(
    signed_in, kirklees, django_assert_num_queries, actions
):
    for recommendation in kirklees.recommendations.all():
        for _ in range(actions):
            factory.action(recommendation, owner_user=None)
    url = reverse("action-plan-download", args=[kirklees.pk])
    with django_assert_num_queries(7):
        assert signed_in.get(url).status_code == 200
