"""Home's worklist and the actions list in a browser: figures that lead to their lists,
filtering in place, and pages that reflow at 320 CSS pixels."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factory
from tests.browser.helpers import assert_no_axe_violations, fill_date, sign_in


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.fixture
def worklist(tracked, manager):
    """Two overdue actions, one of them the manager's, beside the tracked Kirklees."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factory.action(tracked.in_progress, description="Audit RoSH screenings", due_date=yesterday)
    factory.action(
        tracked.complete,
        description="Review MAPPA referrals",
        due_date=yesterday,
        owner="",
        owner_user=manager,
    )
    return tracked


@pytest.mark.parametrize("role", ["manager", "lead"])
def test_home_reflows_at_320_pixels_without_axe_violations(page, worklist, request, role):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, request.getfixturevalue(role))
    page.goto("/")
    assert not scrolls_sideways(page)
    assert_no_axe_violations(page)


def test_the_actions_list_reflows_at_320_pixels_without_axe_violations(page, worklist, manager):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, manager)
    page.goto("/actions/?overdue=on")
    expect(page.locator("#results")).to_contain_text("2 actions")
    assert not scrolls_sideways(page)
    assert_no_axe_violations(page)


def test_a_figure_on_home_leads_to_a_list_of_that_length(page, worklist, manager):
    sign_in(page, manager)
    page.goto("/")
    page.get_by_role("link", name=re.compile("Overdue actions")).first.click()
    expect(page).to_have_url(re.compile(r"/actions/\?overdue=on&latest=on"))
    expect(page.locator("#results")).to_contain_text("2 actions")


def test_the_actions_list_filters_in_place(page, worklist, manager):
    sign_in(page, manager)
    page.goto("/actions/")
    page.evaluate("window.__marker = 1")
    page.get_by_label("Only actions I own").check()
    page.wait_for_url("**/actions/?*mine=on*")
    expect(page.locator("#results")).to_contain_text("1 action")
    expect(page.locator("#results")).to_contain_text("Review MAPPA referrals")
    assert page.evaluate("window.__marker") == 1, "the list was loaded again"


def test_a_bad_number_of_days_shows_its_error_in_place(page, worklist, manager):
    sign_in(page, manager)
    page.goto("/actions/")
    page.get_by_label("Due within (days)").fill("soon")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a whole number of days, from 0 to 366"
    )
    assert_no_axe_violations(page)


def test_from_home_through_overdue_to_the_action_whose_moved_due_date_reaches_the_feed(
    page, worklist, manager
):
    sign_in(page, manager)
    page.goto("/")
    page.get_by_role("link", name=re.compile("Overdue actions")).first.click()
    page.get_by_role("link", name="Review MAPPA referrals").click()
    action = worklist.complete.actions.get(description="Review MAPPA referrals")
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Overdue")

    card.get_by_role("link", name=re.compile("^Change")).click()
    later = timezone.localdate() + datetime.timedelta(days=28)
    forms = page.locator(f"#action-{action.pk}")
    fill_date(forms, "New due date", later)
    forms.get_by_label("Reason for the change").fill("Waiting for the MAPPA coordinator")
    forms.get_by_role("button", name="Move the due date").click()
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("Due date moved")
    expect(page.locator(f"#action-{action.pk}")).not_to_contain_text("Overdue")

    page.get_by_role("link", name="Activity", exact=True).first.click()
    latest = page.locator(".moj-timeline__item").first
    expect(latest.locator(".moj-timeline__title")).to_have_text("Due date moved")
    expect(latest).to_contain_text("Waiting for the MAPPA coordinator")
    expect(latest).to_contain_text(f"to {later:%-d %B %Y}")
