"""A manager runs their plan in the tracker: the response, owner, target date and standards of a
recommendation, then an action added, edited and completed, with and without JavaScript."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import ActionStatus, PlanChange, Response
from tests.browser.helpers import assert_no_axe_violations, fill_date, sign_in


@pytest.fixture
def recommendation(kirklees):
    return kirklees.recommendations.get(number=2)


def set_plan(page, *, owner: str) -> None:
    form = page.locator("#plan form")
    form.get_by_role("group", name="HMPPS response").get_by_label("Partly agreed").check()
    form.get_by_label("Reason for the response (optional)").fill("Recruitment is run nationally.")
    form.get_by_label("Owner (optional)", exact=True).select_option(label=owner)
    fill_date(form, "Target date (optional)", "31", "March", "2027")
    form.get_by_role("group", name="Standards addressed (optional)").get_by_label(
        "P 1.2 Staffing"
    ).check()
    form.get_by_role("button", name="Save the plan").click()


def test_with_javascript_the_plan_is_set_in_place(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="Change the plan").click()
    expect(page.locator("#plan form")).to_be_visible()
    assert_no_axe_violations(page)

    set_plan(page, owner=manager.get_full_name())

    expect(page.get_by_role("alert")).to_contain_text("Plan saved")
    plan = page.locator("#plan")
    expect(plan).to_contain_text("Partly agreed")
    expect(plan).to_contain_text(manager.get_full_name())
    expect(plan).to_contain_text("31 March 2027")
    expect(plan).to_contain_text("P 1.2 Staffing")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    plan.get_by_text("History of the plan").click()
    expect(plan).to_contain_text("changed from Not set to 31 March 2027")
    assert_no_axe_violations(page)
    recommendation.refresh_from_db()
    assert (recommendation.response, recommendation.owner_user) == (Response.PARTLY_AGREED, manager)


def test_without_javascript_the_plan_form_posts_and_redirects(
    page_without_js, manager, recommendation
):
    page = page_without_js
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    page.get_by_role("link", name="Change the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the plan")
    page.locator("#plan form").get_by_role("group", name="HMPPS response").get_by_label(
        "Not agreed"
    ).check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason the recommendation is not fully agreed"
    )
    assert page.title().startswith("Error: ")

    set_plan(page, owner=manager.get_full_name())

    expect(page.locator("#plan")).to_contain_text("Partly agreed")
    assert PlanChange.objects.filter(recommendation=recommendation).exists()


def test_an_action_is_added_edited_and_completed_in_place(page, manager, recommendation):
    sign_in(page, manager)
    page.goto(f"/recommendations/{recommendation.pk}/")
    due = timezone.localdate() + datetime.timedelta(days=20)
    form = page.locator("#actions form[action$='/actions/']")
    form.get_by_label("Action", exact=True).fill("Recruit four probation officers")
    form.get_by_label("Or the owner's role").fill("Head of Service")
    fill_date(form, "Due date", due)
    form.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("alert")).to_contain_text("Action added")
    action = recommendation.actions.get()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Head of Service")

    card.get_by_role("link", name="Change").click()
    edit = page.locator(f"#action-{action.pk} form[action$='/edit/']")
    edit.get_by_label("Action", exact=True).fill("Recruit five probation officers")
    edit.get_by_label("Or the owner's role").fill("")
    edit.get_by_label("Owner", exact=True).select_option(label=manager.get_full_name())
    edit.get_by_role("button", name="Save the action").click()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("Action changed")
    expect(card).to_contain_text("Recruit five probation officers")
    expect(card).to_contain_text(manager.get_full_name())

    card.get_by_label("Status of the action").select_option(label="Complete")
    card.get_by_role("button", name="Save status").click()
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("Action status changed")
    assert_no_axe_violations(page)
    action.refresh_from_db()
    assert (action.status, action.owner_user) == (ActionStatus.COMPLETE, manager)
