"""An administrator imports a report in the admin: uploads it, reads the preview, confirms."""

import pytest
from playwright.sync_api import expect

from inspections.models import PDU, Inspection
from tests import factory
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

REGION_LINE = "The Probation Service – Yorkshire and the Humber Region"


def upload(page, path) -> None:
    page.goto("/admin/inspections/inspection/")
    page.get_by_role("link", name="Import a report").click()
    page.get_by_label("Inspection report").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Preview the import").click()


def test_an_administrator_uploads_reads_the_preview_and_confirms(page, admin_user):
    sign_in(page, admin_user)

    upload(page, factory.KIRKLEES_REPORT)

    expect(page.locator("#summary")).to_have_text(
        "Kirklees PDU, Yorkshire and the Humber: the inspection as it will be stored"
    )
    expect(page.locator("#content-main")).to_contain_text("not in the tracker yet")
    expect(page.locator("#content-main")).to_contain_text(
        "Recommendation 7 of the March 2023 inspection (added from this table)"
    )
    assert not Inspection.objects.exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Import this report").click()

    expect(page.locator(".messagelist")).to_contain_text("Imported Kirklees, November 2024")
    assert Inspection.objects.get(report_imported=True).recommendations.count() == 8


def test_a_region_move_is_flagged_and_imported_only_once_ticked(
    page, admin_user, kirklees, tmp_path
):
    moved = tmp_path / "kirklees-moved.md"
    moved.write_text(
        factory.KIRKLEES_REPORT.read_text(encoding="utf-8").replace(
            REGION_LINE, "The Probation Service – North West Region"
        ),
        encoding="utf-8",
    )
    sign_in(page, admin_user)

    upload(page, moved)

    expect(page.locator("#held-back")).to_contain_text(
        "Kirklees PDU would move from Yorkshire and the Humber to North West"
    )
    expect(page.locator("#differences")).to_be_visible()
    page.get_by_label("Move the PDU to the report's region").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Import this report").click()

    expect(page.locator(".messagelist")).to_contain_text("Kirklees, November 2024")
    assert PDU.objects.get(name="Kirklees").region.name == "North West"
