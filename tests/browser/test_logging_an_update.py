"""The manager's main journey: log an update on a recommendation, then find it in the list.

With JavaScript, htmx posts the form and swaps the timeline and the status tag in place;
without it, the same form posts and redirects. Both must end in the same place.
"""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import ProgressUpdate, Status
from tests.browser.helpers import sign_in, sign_out


@pytest.fixture
def recommendation(kirklees):
    return kirklees.recommendations.get(number=5)


def fill_update(page, *, what_was_done: str) -> None:
    form = page.locator("#log-update form")
    form.get_by_label("What was done").fill(what_was_done)
    form.get_by_label("What difference it made").fill("Enquiries now come back within five days.")
    form.get_by_role("group", name="Status", exact=True).get_by_label("In progress").check()
    form.get_by_role("group", name="RAG rating").get_by_label("Amber").check()
    form.get_by_role("group", name="Progress judgement").get_by_label("Some progress").check()
    form.get_by_role("group", name="Is improvement still required?").get_by_label("Yes").check()


def field_error(page, label: str):
    """The error message the field's aria-describedby points at, as a screen reader hears it."""
    field = page.get_by_label(label, exact=True)
    ids = field.get_attribute("aria-describedby") or ""
    errors = [id_ for id_ in ids.split() if id_.endswith("_error")]
    assert errors, f"{label!r} has no error message in its aria-describedby ({ids!r})"
    return page.locator(f"#{errors[0]}")


def timeline_entries(page):
    return page.locator("#timeline .moj-timeline__item")


def test_the_manager_logs_an_update_and_filters_without_a_page_load(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    expect(page.locator("#recommendation-status")).to_have_text("Not started")
    expect(timeline_entries(page)).to_have_count(0)
    page.evaluate("window.__marker = 1")
    url = page.url

    fill_update(page, what_was_done="Safeguarding enquiries audited in every new case.")
    page.get_by_role("button", name="Save update").click()

    confirmation = page.get_by_role("alert")
    expect(confirmation).to_contain_text("Update recorded")
    expect(confirmation).to_be_focused()
    expect(page.locator("#recommendation-status")).to_have_text("In progress")
    expect(timeline_entries(page)).to_have_count(1)
    expect(timeline_entries(page).first).to_contain_text(
        "Safeguarding enquiries audited in every new case."
    )
    expect(timeline_entries(page).first).to_contain_text("Amber")
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
    assert page.url == url

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()
    page.evaluate("window.__marker = 2")
    expect(page.locator("#results")).to_contain_text("15 recommendations")  # 2024's 8, 2023's 7
    page.get_by_label("Status").select_option(label="In progress")

    expect(page).to_have_url(re.compile(r"\?(.*&)?status=in_progress"))
    expect(page.locator("#results")).to_contain_text("1 recommendation")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results tbody")).to_contain_text("5. ensure that child safeguarding")
    assert page.evaluate("window.__marker") == 2, "the list was loaded again"

    sign_out(page)
    assert page.url.endswith("/sign-in/")


def test_the_manager_logs_an_update_and_filters_without_javascript(
    page_without_js, manager, recommendation
):
    page = page_without_js
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")

    fill_update(page, what_was_done="Safeguarding enquiries audited in every new case.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save update").click()

    assert navigation.value.status == 200
    assert navigation.value.request.redirected_from.method == "POST"
    assert page.url.endswith(f"/recommendations/{recommendation.pk}/#timeline")
    expect(page.get_by_role("alert")).to_contain_text("Update recorded")
    expect(page.locator("#recommendation-status")).to_have_text("In progress")
    expect(timeline_entries(page)).to_have_count(1)
    expect(timeline_entries(page).first).to_contain_text(
        "Safeguarding enquiries audited in every new case."
    )

    page.goto("/recommendations/")
    page.get_by_label("Status").select_option(label="In progress")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Apply filters").click()

    assert navigation.value.request.method == "GET"
    assert "status=in_progress" in page.url
    expect(page.locator("#results tbody tr")).to_have_count(1)

    sign_out(page)
    assert page.url.endswith("/sign-in/")


def test_an_update_without_what_was_done_is_refused_in_place(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    page.evaluate("window.__marker = 1")

    fill_update(page, what_was_done="")
    page.get_by_role("button", name="Save update").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter what was done")).to_be_visible()
    expect(field_error(page, "What was done")).to_have_text("Error: Enter what was done")
    expect(summary).to_be_focused()
    assert page.evaluate("window.__marker") == 1
    expect(page.locator("#recommendation-status")).to_have_text("Not started")
    expect(timeline_entries(page)).to_have_count(0)
    assert not ProgressUpdate.objects.filter(recommendation=recommendation).exists()

    summary.get_by_role("link", name="Enter what was done").click()
    expect(page.get_by_label("What was done")).to_be_focused()


def test_an_update_without_what_was_done_is_refused_without_javascript(
    page_without_js, manager, recommendation
):
    page = page_without_js
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")

    fill_update(page, what_was_done="")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save update").click()

    assert navigation.value.status == 400
    expect(page).to_have_title(
        f"Error: Recommendation 5, {recommendation.inspection.pdu.name}"
        " – Inspection recommendations tracker"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(field_error(page, "What was done")).to_have_text("Error: Enter what was done")
    expect(page.locator("#recommendation-status")).to_have_text("Not started")
    recommendation.refresh_from_db()
    assert recommendation.status == Status.NOT_STARTED
    assert not ProgressUpdate.objects.filter(recommendation=recommendation).exists()
