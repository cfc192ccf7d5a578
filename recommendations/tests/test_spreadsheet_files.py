"""Bad files get a clear message on the upload form, a 400, and change nothing."""

import datetime
import html
import io
import zipfile

from openpyxl import Workbook, load_workbook

from recommendations.models import PlanChange, PlanUpload
from recommendations.tests.spreadsheets import download, edit, upload
from tests import factory


def assert_refused(response, message: str) -> None:
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert message in page
    assert 'class="govuk-error-summary"' in page
    assert PlanUpload.objects.count() == 0
    assert PlanChange.objects.count() == 0


def xlsx(fill) -> bytes:
    workbook = Workbook()
    fill(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_a_file_that_is_not_an_xlsx_is_refused(signed_in, kirklees):
    response = upload(signed_in, kirklees, b"%PDF-1.4 not a spreadsheet", name="plan.xlsx")
    assert_refused(response, "The selected file must be an Excel workbook (.xlsx)")


def test_an_empty_file_is_refused(signed_in, kirklees):
    assert_refused(upload(signed_in, kirklees, b""), "The selected file is empty")


def test_no_file_at_all_is_asked_for(signed_in, kirklees):
    response = signed_in.post(f"/inspections/{kirklees.pk}/action-plan/upload/")
    assert_refused(response, "Select the edited action plan")


def test_a_password_protected_or_old_excel_file_is_refused_saying_so(signed_in, kirklees):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    assert_refused(upload(signed_in, kirklees, ole2), "password-protected, or is an old Excel")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(signed_in, kirklees):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(output.getvalue()) < 200_000
    response = upload(signed_in, kirklees, output.getvalue())
    assert_refused(response, "unpacks to far more data than an action plan holds")


def test_a_zip_that_is_not_a_workbook_is_refused(signed_in, kirklees):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert_refused(upload(signed_in, kirklees, output.getvalue()), "must be an Excel workbook")


def test_a_workbook_not_downloaded_from_the_tracker_is_refused(signed_in, kirklees):
    content = xlsx(lambda workbook: workbook.active.append(["Recommendation", "Owner"]))
    assert_refused(upload(signed_in, kirklees, content), "not an action plan downloaded from")


def test_a_sheet_of_100000_rows_is_refused_without_reading_them_all(signed_in, kirklees):
    content = download(signed_in, kirklees)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Actions"]
    for row in range(2, 100_002):
        sheet.cell(row=row, column=3, value=1)
    output = io.BytesIO()
    workbook.save(output)
    assert_refused(upload(signed_in, kirklees, output.getvalue()), "more than 2,000 rows")


def test_another_pdus_plan_is_refused(client, kirklees, manager, calderdale, other_manager):
    other = factory.inspection(calderdale)
    client.force_login(other_manager)
    content = download(client, other)
    client.force_login(manager)
    assert_refused(upload(client, kirklees, content), "another PDU's action plan")


def test_a_plan_of_another_of_the_pdus_inspections_is_refused(signed_in, kirklees):
    earlier = factory.inspection(kirklees.pdu, published=datetime.date(2021, 6, 1))
    content = download(signed_in, earlier)
    assert_refused(upload(signed_in, kirklees, content), "another of this PDU's inspections")


def test_a_renamed_sheet_is_refused(signed_in, kirklees):
    workbook = load_workbook(io.BytesIO(download(signed_in, kirklees)))
    workbook["Plan"].title = "My plan"
    output = io.BytesIO()
    workbook.save(output)
    assert_refused(upload(signed_in, kirklees, output.getvalue()), "no sheet called Plan")


def test_a_file_too_large_is_refused(signed_in, kirklees):
    content = edit(download(signed_in, kirklees), {})
    big = content + b"\x00" * (5 * 1024 * 1024)
    assert_refused(upload(signed_in, kirklees, big), "must be smaller than 5.0")


def test_a_damaged_workbook_is_refused(signed_in, kirklees):
    content = download(signed_in, kirklees)
    damaged = content[: len(content) // 2]
    response = upload(signed_in, kirklees, damaged)
    assert response.status_code == 400
    assert PlanUpload.objects.count() == 0
