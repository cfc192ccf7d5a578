"""The manager downloads the action plan, changes it in LibreOffice, uploads it, checks, saves.

With JavaScript, htmx posts the upload and the confirmation and is sent on to the next page;
without it, the same forms post and redirect. Either way nothing is saved until the manager
confirms, and the history records who changed what.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from recommendations.models import PlanChange, PlanField
from recommendations.spreadsheet.write import plan_workbook
from recommendations.tests.spreadsheets import edit, require_libreoffice, resave_with_libreoffice
from tests.browser.helpers import assert_no_axe_violations, sign_in

CHANGES = {"Plan": {"F2": "Head of Service", "J3": "Two POs recruited", "L3": "In progress",
                    "M3": "Amber", "N3": "Some progress", "O3": "Yes"}}  # fmt: skip


def assert_reflows_at_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    page.set_viewport_size({"width": 1280, "height": 800})


def download_plan(page, inspection, folder: Path) -> bytes:
    page.goto(f"/inspections/{inspection.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan to edit it").click()
    path = folder / "plan.xlsx"
    download.value.save_as(path)
    return path.read_bytes()


def upload_plan(page, content: bytes, folder: Path) -> None:
    path = folder / "edited.xlsx"
    path.write_bytes(content)
    page.get_by_role("link", name="Upload an edited plan").click()
    expect(page.get_by_role("heading", name="Upload an edited action plan")).to_be_visible()
    page.get_by_label("Upload the edited action plan").set_input_files(path)
    page.get_by_role("button", name="Upload and check the changes").click()
    expect(page.get_by_role("heading", name="Check the changes to the action plan")).to_be_visible()


def test_the_manager_changes_the_plan_in_libreoffice_and_saves_it(
    page, manager, kirklees, tmp_path
):
    require_libreoffice()
    sign_in(page, manager)
    content = download_plan(page, kirklees, tmp_path)
    page.goto(f"/inspections/{kirklees.pk}/")
    upload_plan(page, resave_with_libreoffice(edit(content, CHANGES)), tmp_path)

    expect(page.locator("#preview")).to_contain_text("Owner: Not set → Head of Service")
    expect(page.locator("#preview")).to_contain_text("New update: Not started → In progress")
    assert PlanChange.objects.count() == 0
    assert_no_axe_violations(page)
    assert_reflows_at_320(page)

    page.get_by_role("button", name="Save these changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Action plan saved: 2 rows changed")
    assert page.url.endswith(f"/inspections/{kirklees.pk}/")
    change = PlanChange.objects.get()
    assert (change.field, change.new_value, change.changed_by) == (
        PlanField.OWNER,
        "Head of Service",
        manager,
    )
    assert kirklees.recommendations.get(number=2).updates.get().author == manager


def test_without_javascript_problems_are_shown_and_nothing_is_saved(
    page_without_js, manager, kirklees, tmp_path
):
    page = page_without_js
    sign_in(page, manager)
    # The download through the browser is the other test's; this one is about the pages.
    content = plan_workbook(kirklees, by=manager, may_verify=False)
    page.goto(f"/inspections/{kirklees.pk}/")
    upload_plan(page, edit(content, {"Plan": {"G2": "next spring", "F2": "SPO"}}), tmp_path)

    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page.locator("#problems + table")).to_contain_text("Plan sheet, cell G2")
    expect(page.get_by_role("button", name="Save these changes")).to_have_count(0)
    # axe-core is JavaScript: it cannot run in this context (the other test checks these pages).
    assert_reflows_at_320(page)
    assert PlanChange.objects.count() == 0


@pytest.mark.parametrize("javascript", [True, False])
def test_a_file_that_is_not_a_plan_gets_a_message_beside_the_field(
    live_server, browser_page, manager, kirklees, tmp_path, javascript
):
    page = browser_page(javascript)
    sign_in(page, manager)
    page.goto(f"/inspections/{kirklees.pk}/action-plan/upload/")
    assert_reflows_at_320(page)
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"just some notes")
    page.get_by_label("Upload the edited action plan").set_input_files(path)
    page.get_by_role("button", name="Upload and check the changes").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("must be an Excel workbook")
    if javascript:
        # GOV.UK Frontend (after a page load) or app.js (after a swap) moves focus to the summary.
        expect(page.locator(".govuk-error-summary")).to_be_focused()
        assert_no_axe_violations(page)


@pytest.fixture
def browser_page(request):
    def choose(javascript: bool):
        return request.getfixturevalue("page" if javascript else "page_without_js")

    return choose
