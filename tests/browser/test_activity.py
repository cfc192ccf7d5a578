"""The activity feed in a browser: a due-date move shows up, filters work in place and
without JavaScript, and the page passes axe and reflows at 320 px."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, fill_date, sign_in

REFLOWS = "document.documentElement.scrollWidth <= window.innerWidth"


def results(page):
    return page.locator("#activity-results")


def test_a_due_date_moved_on_its_page_shows_in_the_activity_feed(page, tracked, manager):
    sign_in(page, manager)
    action = tracked.action
    new_due_date = action.due_date + datetime.timedelta(days=21)
    page.goto(f"/actions/{action.pk}/due-date/")

    fill_date(page, "New due date", new_due_date)
    page.get_by_label("Reason for the change").fill("The auditor is on long-term sick leave")
    with page.expect_response(
        lambda response: response.request.method == "POST" and "/due-date/" in response.url
    ) as answer:
        page.get_by_role("button", name="Move the due date").click()
    assert answer.value.status < 400
    page.goto("/activity/")

    latest = results(page).locator(".moj-timeline__item").first
    expect(latest.locator(".moj-timeline__title")).to_have_text("Due date moved")
    expect(latest).to_contain_text("by Manager Tester")
    expect(latest).to_contain_text(f"to {new_due_date:%-d %B %Y}")
    expect(latest).to_contain_text("The auditor is on long-term sick leave")
    latest.get_by_role("link").click()
    expect(page).to_have_url(
        re.compile(rf"/recommendations/{tracked.in_progress.pk}/#action-{action.pk}$")
    )


def test_the_navigation_leads_to_the_activity(page, tracked, manager):
    sign_in(page, manager)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Activity").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Activity")
    expect(results(page)).to_contain_text("Progress update")


def test_filtering_by_kind_swaps_the_results_in_place(page, tracked, manager):
    sign_in(page, manager)
    page.goto("/activity/")
    page.evaluate("window.__marker = 1")

    page.get_by_label("Due date moved").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/activity/\?.*kind=due_date_moved"))
    expect(results(page)).to_contain_text("1 event since")
    expect(results(page).locator(".moj-timeline__title")).to_have_text(["Due date moved"])
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"


def test_a_bad_date_shows_its_error_in_place(page, tracked, manager):
    sign_in(page, manager)
    page.goto("/activity/")

    fill_date(page, "Since (optional)", "31", "12", "1999")
    page.get_by_role("button", name="Apply filters").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Since date must be between 2000 and 2099")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.get_by_role("group", name="Since (optional)").get_by_label("Year")).to_be_focused()
    expect(results(page)).to_contain_text("Correct the filters to see the activity.")


def test_without_javascript_the_filters_load_a_filtered_page(page_without_js, tracked, manager):
    page = page_without_js
    sign_in(page, manager)
    page.goto("/activity/")

    page.get_by_label("Progress update").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()

    assert "kind=update" in page.url
    expect(results(page).locator(".moj-timeline__title").first).to_have_text("Progress update")
    expect(results(page)).not_to_contain_text("Due date moved")


@pytest.mark.parametrize(
    "path", ["/activity/", "/activity/?since=nonsense"], ids=["the feed", "with an error"]
)
@pytest.mark.parametrize("width", [320, 1280])
def test_the_page_has_no_axe_violations_and_reflows(page, tracked, lead, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, lead)
    page.goto(path)

    assert_no_axe_violations(page)
    assert page.evaluate(REFLOWS), f"{path} scrolls sideways at {width} px"
