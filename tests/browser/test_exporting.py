"""A regional lead downloads the region's action plan from the browser, and it opens in Excel."""

import openpyxl

from tests.browser.helpers import sign_in


def test_a_regional_lead_downloads_the_action_plan_as_excel(page, tracked, lead, tmp_path):
    sign_in(page, lead)
    page.goto(f"/regions/{tracked.region.pk}/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan as Excel (.xlsx)").click()

    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    rows = [
        [cell for cell in row if cell is not None]
        for sheet in openpyxl.load_workbook(saved, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    recommendation_5 = next(row for row in rows if tracked.in_progress.text in row)
    assert "In progress" in recommendation_5
    assert "Amber" in recommendation_5
