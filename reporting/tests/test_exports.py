import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation
from reporting.exports import neutralise
from reporting.tests.helpers import (
    at,
    days_ago,
    grow,
    queries_for,
    read_csv,
    read_pdf,
    read_xlsx,
)
from tests import factory

EARLY = datetime.date(2025, 1, 15)
INDICATORS = "inspections/data/kirklees-2024-indicators.json"


def export(kirklees, fmt: str) -> str:
    return reverse("inspection-export", args=[kirklees.pk, fmt])


def rec(kirklees, number: int) -> Recommendation:
    return Recommendation.objects.get(inspection=kirklees, number=number)


@pytest.fixture
def progress(kirklees, manager):
    """Recommendation 1 moved on in January 2025 and again later; 2 marked complete recently."""
    first = rec(kirklees, 1)
    factory.update(
        first,
        manager,
        rag="red",
        at=at(datetime.date(2025, 1, 6)),
        what_was_done="Recruited four POs",
    )
    factory.update(
        first,
        manager,
        rag="amber",
        at=at(days_ago(10)),
        what_was_done="Caseloads down",
        impact="WMT 126%",
        judgement="some",
        improvement_still_required=True,
    )
    second = rec(kirklees, 2)
    factory.update(second, manager, at=at(days_ago(20)))
    factory.update(second, manager, status="complete", rag="green", at=at(days_ago(5)))
    return kirklees


# CSV


def test_the_csv_lists_kirklees_eight_recommendations_with_their_positions(
    client, manager, progress
):
    client.force_login(manager)
    rows = read_csv(client.get(export(progress, "csv")))
    assert rows[0] == [
        "No.",
        "Recommendation",
        "Agreed/Partly agreed/Not agreed",
        "Action taken/planned",
        "Owner",
        "Target date",
        "Status",
        "RAG",
        "Verification",
    ]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 9)]
    assert rows[1][1].startswith("ensure that it has sufficient staffing resources")
    assert [r[6] for r in rows[1:4]] == ["In progress", "Complete", "Not started"]
    assert [r[7] for r in rows[1:4]] == ["Amber", "Green", "No RAG"]


def test_the_csv_as_at_an_earlier_date_shows_the_earlier_position(client, manager, progress):
    client.force_login(manager)
    response = client.get(export(progress, "csv"), {"as_at": EARLY.isoformat()})
    rows = read_csv(response)
    assert [r[6] for r in rows[1:4]] == ["In progress", "Not started", "Not started"]
    assert rows[1][7] == "Red"


def test_the_csv_starts_with_a_byte_order_mark_and_is_streamed(client, manager, kirklees):
    client.force_login(manager)
    response = client.get(export(kirklees, "csv"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


def test_the_previous_recommendations_layout_has_hmips_columns(client, manager, progress):
    client.force_login(manager)
    response = client.get(export(progress, "csv"), {"layout": "previous-recommendations"})
    rows = read_csv(response)
    assert rows[0] == [
        "No.",
        "Recommendation",
        "Action taken and impact",
        "Categorisation",
        "Improvement still required?",
        "Verification",
    ]
    assert "Caseloads down Impact: WMT 126%" in rows[1][2]
    assert rows[1][3:] == ["Some progress", "Yes", ""]
    assert "previous-recommendations-as-at" in response["Content-Disposition"]


def test_the_file_is_named_after_the_pdu_month_and_date(client, manager, kirklees):
    client.force_login(manager)
    response = client.get(export(kirklees, "csv"), {"as_at": "2025-03-31"})
    assert response["Content-Disposition"] == (
        'attachment; filename="kirklees-2024-11-progress-as-at-2025-03-31.csv"'
    )


def test_actions_are_shown_as_they_stood_on_the_day(client, manager, kirklees):
    factory.action(rec(kirklees, 3), description="Set up SPO oversight clinic", owner="SPO")
    client.force_login(manager)
    today = read_csv(client.get(export(kirklees, "csv")))
    earlier = read_csv(client.get(export(kirklees, "csv"), {"as_at": EARLY.isoformat()}))
    assert "Set up SPO oversight clinic (SPO; due" in today[3][3]
    assert earlier[3][3] == "No actions recorded"


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_is_neutralised(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


def test_formulas_typed_by_users_are_neutralised_in_csv_and_excel(client, manager, kirklees):
    Recommendation.objects.filter(pk=rec(kirklees, 1).pk).update(owner="=cmd|' /C calc'!A0")
    factory.action(rec(kirklees, 1), description="@SUM(1+1)", owner="-2+3")
    client.force_login(manager)
    rows = read_csv(client.get(export(kirklees, "csv")))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    sheet = read_xlsx(client.get(export(kirklees, "xlsx"))).worksheets[1]
    assert sheet.cell(row=2, column=5).value == "'=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=5).data_type == "s"


# Excel


def test_the_workbook_has_a_summary_and_a_sheet_per_pdu(client, lead, progress, calderdale):
    factory.inspection(calderdale, recommendations=2)
    client.force_login(lead)
    workbook = read_xlsx(
        client.get(reverse("region-export", args=[progress.pdu.region.pk, "xlsx"]))
    )
    assert workbook.sheetnames == ["Summary", "Calderdale", "Kirklees"]
    summary = workbook["Summary"]
    headings = [c.value for c in summary[1]]
    kirklees_row = {h: c.value for h, c in zip(headings, summary[3], strict=True)}
    assert kirklees_row["PDU"] == "Kirklees"
    assert kirklees_row["Overall rating"] == "Inadequate"
    assert kirklees_row["Score"] == "3/21"
    assert kirklees_row["Recommendations"] == 8
    assert (kirklees_row["In progress"], kirklees_row["Complete"]) == (1, 1)
    assert kirklees_row["Inspection published"] == datetime.datetime(2024, 11, 1)


def test_the_pdu_sheets_have_a_frozen_header_widths_and_real_dates(client, manager, kirklees):
    Recommendation.objects.filter(pk=rec(kirklees, 1).pk).update(
        target_date=datetime.date(2025, 6, 30)
    )
    client.force_login(manager)
    sheet = read_xlsx(client.get(export(kirklees, "xlsx"))).worksheets[1]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    target = sheet.cell(row=2, column=6)
    assert target.value == datetime.datetime(2025, 6, 30)
    assert target.number_format == "d mmmm yyyy"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 10)] == list(range(1, 9))


def test_several_pdus_get_a_pdu_column(client, lead, progress):
    client.force_login(lead)
    response = client.get(reverse("region-export", args=[progress.pdu.region.pk, "csv"]))
    rows = read_csv(response)
    assert rows[0][:2] == ["PDU", "No."]
    assert rows[1][:2] == ["Kirklees", "1"]
    assert "yorkshire-and-the-humber-progress-as-at-" in response["Content-Disposition"]


# PDF


def test_the_pdf_is_a_progress_report_with_cover_ratings_and_recommendations(
    client, manager, progress
):
    client.force_login(manager)
    response = client.get(export(progress, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = read_pdf(response)
    assert "Kirklees PDU: progress on the November 2024 inspection's recommendations" in text
    assert "Yorkshire and the Humber" in text
    assert "Overall rating Inadequate" in text
    assert "P 2.1 Assessment" in text
    assert (
        "Does assessment focus sufficiently on keeping other people safe? 29% (Inadequate)" in text
    )
    assert "Recommendation 8" in text
    assert "Caseloads down" in text


def test_the_pdf_as_at_an_earlier_date_leaves_out_later_updates(client, manager, progress):
    client.force_login(manager)
    text = read_pdf(client.get(export(progress, "pdf"), {"as_at": EARLY.isoformat()}))
    assert "Recruited four POs" in text
    assert "Caseloads down" not in text
    assert "As at 15 January 2025" in text


def test_the_pdf_shows_indicators_with_baseline_and_target(client, manager, kirklees):
    from django.core.management import call_command

    call_command("load_indicators", INDICATORS, stdout=io.StringIO())
    client.force_login(manager)
    text = read_pdf(client.get(export(kirklees, "pdf")))
    assert "Probation officer workload (WMT)" in text
    assert "134% of WMT capacity" in text
    assert "120% of WMT capacity" in text


# Escaping


SCRIPT = "<script>alert('x')</script> & <b>bold"


def test_a_script_in_an_update_is_text_in_every_export(client, manager, kirklees):
    factory.update(rec(kirklees, 1), manager, what_was_done=SCRIPT, impact="=1+1")
    client.force_login(manager)
    rows = read_csv(client.get(export(kirklees, "csv"), {"layout": "previous-recommendations"}))
    assert SCRIPT in rows[1][2]
    sheet = read_xlsx(
        client.get(export(kirklees, "xlsx"), {"layout": "previous-recommendations"})
    ).worksheets[1]
    assert SCRIPT in sheet.cell(row=2, column=3).value
    assert SCRIPT in read_pdf(client.get(export(kirklees, "pdf")))


def test_control_characters_do_not_break_the_excel_or_pdf(client, manager, kirklees):
    factory.update(rec(kirklees, 1), manager, what_was_done="bell\x07 and escape\x1b here")
    client.force_login(manager)
    for fmt in ("xlsx", "pdf"):
        params = {"layout": "previous-recommendations"}
        assert client.get(export(kirklees, fmt), params).status_code == 200


# Bad parameters and scope


@pytest.mark.parametrize(
    "params, message",
    [
        ({"as_at": "31/03/2025"}, "As at date must be a real date"),
        ({"as_at": "2099-01-01"}, "As at date must be today or in the past"),
        ({"as_at-day": "31", "as_at-month": "4", "as_at-year": "2025"}, "must be a real date"),
        ({"layout": "spreadsheet"}, "Choose the layout"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_bad_parameters_are_a_400_with_a_clear_message(
    client, manager, kirklees, fmt, params, message
):
    client.force_login(manager)
    response = client.get(export(kirklees, fmt), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_format_is_not_found(client, manager, kirklees):
    client.force_login(manager)
    assert client.get(f"/inspections/{kirklees.pk}/export.docx").status_code == 404


@pytest.mark.parametrize("who", ["other_manager", "other_lead"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf", "json"])
def test_an_inspection_export_outside_ones_scope_is_not_found(client, cast, kirklees, who, fmt):
    client.force_login(cast[who])
    name = "inspection-export-json" if fmt == "json" else "inspection-export"
    args = [kirklees.pk] if fmt == "json" else [kirklees.pk, fmt]
    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "other_manager", "other_lead", "viewer"])
def test_a_region_export_is_only_for_those_who_read_the_region(client, cast, yorkshire, who):
    client.force_login(cast[who])
    assert client.get(reverse("region-export", args=[yorkshire.pk, "csv"])).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, kirklees):
    response = client.get(export(kirklees, "csv"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# The recommendations list's export


def test_the_list_export_follows_the_lists_filters(client, lead, progress):
    client.force_login(lead)
    url = reverse("recommendation-list-export", args=["csv"])
    rows = read_csv(client.get(url, {"status": "complete"}))
    assert [r[:2] for r in rows[1:]] == [["Kirklees", "2"]]


def test_the_list_export_only_holds_what_the_user_may_see(
    client, other_manager, progress, calderdale
):
    factory.inspection(calderdale, recommendations=2)
    client.force_login(other_manager)
    rows = read_csv(client.get(reverse("recommendation-list-export", args=["csv"])))
    assert {r[0] for r in rows[1:]} == {"Calderdale"}


def test_a_bad_filter_is_a_400_with_a_clear_message(client, lead, kirklees):
    client.force_login(lead)
    url = reverse("recommendation-list-export", args=["xlsx"])
    response = client.get(url, {"status": "finished"})
    assert response.status_code == 400
    assert "Status: Select a valid choice" in response.content.decode()


# JSON


def test_the_json_export_is_the_stable_shape(client, viewer, kirklees):
    client.force_login(viewer)
    response = client.get(reverse("inspection-export-json", args=[kirklees.pk]))
    data = json.loads(response.content)
    assert (data["pdu"], data["published"], data["score"], data["max_score"]) == (
        "Kirklees",
        "2024-11",
        3,
        21,
    )
    assert len(data["recommendations"]) == 8
    assert "–" in response.content.decode() or "\\u" not in response.content.decode()


# Query counts


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("scope", ["inspection", "region", "list"])
def test_every_export_takes_the_same_queries_however_much_data(
    client, lead, kirklees, calderdale, fmt, scope
):
    url = {
        "inspection": reverse("inspection-export", args=[kirklees.pk, fmt]),
        "region": reverse("region-export", args=[kirklees.pdu.region.pk, fmt]),
        "list": reverse("recommendation-list-export", args=[fmt]),
    }[scope]
    call_command("load_indicators", INDICATORS, stdout=io.StringIO())
    grow(kirklees, lead, updates_each=1, actions_each=1)
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=4, actions_each=2)
    factory.inspection(calderdale, recommendations=3)
    response, large = queries_for(client, url)
    assert response.status_code == 200
    assert (small, large) == (EXPORT_QUERIES[scope],) * 2


# Session, user and memberships (3); the inspection with its standards, key questions and bands
# (4, and 2 more to find a region's latest inspections); recommendations (1); positions and the
# latest updates' words (2: picked in SQL for CSV and Excel; for the PDF every update is read, for
# its weekly counts too); actions and their history (2); the plan's changes (1); indicators with
# their measurements, recommendations and bands (4); for a region or a list, the first
# publication it covers, to check the "as at" date (1). Each further chunk of
# `INSPECTIONS_PER_CHUNK` inspections takes its own (test_exports_streamed.py).
EXPORT_QUERIES = {"inspection": 17, "region": 20, "list": 18}


def test_the_json_export_takes_the_same_queries_however_much_data(client, lead, kirklees):
    url = reverse("inspection-export-json", args=[kirklees.pk])
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=2)
    _, large = queries_for(client, url)
    assert small == large
