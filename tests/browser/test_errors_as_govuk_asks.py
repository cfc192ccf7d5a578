"""Errors as GOV.UK asks: with htmx, the swapped form's error summary takes focus and the page
title gains "Error: " (once), which goes again when the form is put right; without JavaScript,
the page that comes back leads with its summary, above the h1."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_logging_an_update import fill_update

TITLE = "Recommendation 5, Kirklees – Inspection recommendations tracker"


@pytest.fixture
def recommendation(kirklees):
    return kirklees.recommendations.get(number=5)


def test_a_swapped_in_error_summary_takes_focus_and_the_title_says_error(
    page, manager, recommendation
):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")

    page.get_by_role("button", name="Save update").click()

    expect(page.locator("#log-update .govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(f"Error: {TITLE}")


def test_the_title_says_error_once_however_often_the_form_is_refused(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(f"Error: {TITLE}")

    page.get_by_role("button", name="Save update").click()
    page.locator("#log-update .govuk-error-summary").wait_for()

    expect(page).to_have_title(f"Error: {TITLE}")


def test_the_title_loses_error_once_the_form_is_put_right(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(f"Error: {TITLE}")

    fill_update(page, what_was_done="Safeguarding enquiries audited in every new case.")
    page.get_by_role("button", name="Save update").click()

    expect(page.get_by_role("alert")).to_contain_text("Update recorded")
    expect(page).to_have_title(TITLE)


def test_without_javascript_the_page_leads_with_its_error_summary(
    page_without_js, manager, recommendation
):
    page = page_without_js
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")

    with page.expect_navigation():
        page.get_by_role("button", name="Save update").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    first = page.locator("main > :not(script)").first
    expect(first).to_have_class(re.compile(r"\bgovuk-error-summary\b"))
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
