"""The status-over-time charts in a browser: the page reflows at 320 px with the narrow chart
shown and the wide one hidden, no label drawn outside its canvas, the weeks chosen through the
form, and the recommendation page's strip swapped after an update in place."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Status
from tests.browser.helpers import assert_no_axe_violations, sign_in
from tests.browser.test_logging_an_update import fill_update

# Each text's box (as the browser lays it out) against its SVG's canvas, in the SVG's units.
CLIPPED_LABELS = """
(svg) => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll("text")].map((text) => {
    const b = text.getBBox();
    return {text: text.textContent, x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height};
  }).filter((b) => b.x < 0 || b.y < 0 || b.right > box.width || b.bottom > box.height);
}
"""


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize(
    "width, shown, hidden", [(320, "narrow", "wide"), (1280, "wide", "narrow")]
)
@pytest.mark.parametrize("period", ["13-weeks", "publication"])
def test_the_status_page_shows_one_chart_that_fits_with_no_label_clipped(
    page, tracked, lead, width, shown, hidden, period
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, lead)
    page.goto(f"/inspections/{tracked.inspection.pk}/status/?period={period}")
    chart = page.locator(f"svg.app-chart--{shown}")
    expect(chart).to_be_visible()
    expect(page.locator(f"svg.app-chart--{hidden}")).to_be_hidden()
    assert chart.evaluate(CLIPPED_LABELS) == []
    assert chart.bounding_box()["width"] <= width
    assert not scrolls_sideways(page)
    assert_no_axe_violations(page)


def test_on_a_phone_the_charts_text_is_at_least_14_pixels_high(page, tracked, lead):
    page.set_viewport_size({"width": 320, "height": 900})
    sign_in(page, lead)
    page.goto(f"/regions/{tracked.region.pk}/status/?period=publication")
    heights = page.locator("svg.app-chart--narrow text").evaluate_all(
        "texts => texts.map((t) => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 14
    assert not scrolls_sideways(page)
    assert_no_axe_violations(page)


def test_choosing_since_publication_folds_the_long_weeks_table(page, tracked, lead):
    sign_in(page, lead)
    page.goto(f"/inspections/{tracked.inspection.pk}/status/")
    expect(page.get_by_label("The last 13 weeks")).to_be_checked()
    expect(page.locator("#weeks-table tbody tr")).to_have_count(13)
    page.get_by_label("Since the report was published").check()
    page.get_by_role("button", name="Show progress").click()
    expect(page).to_have_url(re.compile(r"period=publication"))
    table = page.locator("#weeks-table table")
    expect(table).to_be_hidden()
    page.locator("#weeks-table summary").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("3 Nov 2024")


def test_a_date_range_with_no_start_is_refused_beside_the_field(page, tracked, lead):
    sign_in(page, lead)
    page.goto(f"/inspections/{tracked.inspection.pk}/status/")
    page.get_by_label("From a date").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Show progress").click()
    assert navigation.value.status == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date to show progress from"
    )
    assert_no_axe_violations(page)


def test_the_strip_changes_after_an_update_in_place(page, tracked, manager):
    recommendation = tracked.inspection.recommendations.get(number=1)
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    strip = page.locator("#status-over-time")
    expect(strip.locator("li .govuk-tag")).to_have_count(1)
    page.evaluate("window.__marker = 1")
    fill_update(page, what_was_done="Two POs recruited.")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("#recommendation-status")).to_have_text(Status.IN_PROGRESS.label)
    expect(strip.locator("li .govuk-tag").last).to_have_text("In progress")
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
