"""The recommendations list's filters, as htmx swaps them in place."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in


def test_a_bad_filter_shows_its_error_in_place(page, tracked, manager):
    sign_in(page, manager)
    page.goto("/recommendations/")
    page.evaluate("window.__marker = 1")

    page.get_by_label("Standard").fill("nonsense")
    page.get_by_role("button", name="Apply filters").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    message = "Enter a standard's code as the report prints it, like P 2.1"
    expect(page.locator(".govuk-form-group--error")).to_contain_text(message)
    expect(page.locator("#results")).to_contain_text("Correct the filters to see recommendations.")
    assert page.evaluate("window.__marker") == 1, "the list was loaded again"


def test_correcting_a_bad_filter_clears_its_error_in_place(page, tracked, manager):
    sign_in(page, manager)
    page.goto("/recommendations/?standard=nonsense")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    page.get_by_label("Standard").fill("")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results")).to_contain_text("15 recommendations")  # 2024's 8, 2023's 7
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-form-group--error")).to_have_count(0)


def test_back_and_forward_bring_back_each_filtered_list(page, tracked, manager):
    sign_in(page, manager)
    page.goto("/recommendations/")
    page.get_by_label("Status").select_option(label="In progress")
    expect(page.locator("#results")).to_contain_text("1 recommendation")

    page.go_back()

    expect(page).to_have_url(re.compile(r"/recommendations/$"))
    expect(page.locator("#results")).to_contain_text("15 recommendations")  # 2024's 8, 2023's 7
    expect(page.get_by_label("Status")).to_have_value("")

    page.go_forward()

    expect(page).to_have_url(re.compile(r"status=in_progress"))
    expect(page.locator("#results")).to_contain_text("1 recommendation")
    expect(page.get_by_label("Status")).to_have_value("in_progress")
