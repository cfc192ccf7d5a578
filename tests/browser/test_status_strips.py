"""A region's strips of status over time in pages, in a browser: with JavaScript the next page
swaps in place, its heading in view and focused; without it, the same link loads the page."""

import pytest
from playwright.sync_api import expect

from tests import factory
from tests.browser.helpers import assert_no_axe_violations, sideways_scrolling, sign_in


@pytest.fixture
def region(kirklees, calderdale):
    """Kirklees (8 recommendations) and Calderdale (22): 30 strips, two pages."""
    factory.inspection(calderdale, recommendations=22)
    return kirklees.pdu.region


def strips(page):
    return page.locator("#strips .app-chart--strip")


def test_the_next_page_of_strips_swaps_in_place_and_shows_its_heading(page, region, lead):
    sign_in(page, lead)
    page.goto(f"/regions/{region.pk}/status/")
    page.evaluate("window.__marker = 1")
    expect(strips(page)).to_have_count(24)

    page.locator("#strips").get_by_role("link", name="Next page").click()

    expect(strips(page)).to_have_count(6)
    expect(page.locator("#strips")).to_contain_text("Recommendations 25 to 30 of 30")
    assert page.evaluate("window.__marker") == 1
    assert page.url.endswith("?page=2")
    expect(page.locator("#strips-heading")).to_be_in_viewport()


def test_without_javascript_the_next_page_of_strips_loads_it(page_without_js, region, lead):
    sign_in(page_without_js, lead)
    page_without_js.goto(f"/regions/{region.pk}/status/")

    page_without_js.locator("#strips").get_by_role("link", name="Next page").click()

    expect(strips(page_without_js)).to_have_count(6)
    assert page_without_js.url.endswith("?page=2")


def test_after_the_swap_the_strips_heading_has_the_focus(page, region, lead):
    sign_in(page, lead)
    page.goto(f"/regions/{region.pk}/status/")

    page.locator("#strips").get_by_role("link", name="Next page").click()

    expect(page.locator("#strips-heading")).to_be_focused()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_page_of_strips_passes_axe_and_does_not_scroll_sideways(page_at, region, lead, width):
    page = page_at(width)
    sign_in(page, lead)
    page.goto(f"/regions/{region.pk}/status/")
    page.locator("#strips").get_by_role("link", name="Next page").click()
    expect(strips(page)).to_have_count(6)

    assert_no_axe_violations(page)
    assert sideways_scrolling(page) == []
