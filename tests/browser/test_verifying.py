"""A regional lead checks a recommendation the PDU says is complete, and verifies it."""

from playwright.sync_api import expect

from recommendations.models import Status
from tests.browser.helpers import sign_in


def test_a_regional_lead_verifies_a_complete_recommendation(page, tracked, lead):
    sign_in(page, lead)
    page.goto(f"/regions/{tracked.region.pk}/")
    page.get_by_role("link", name="Review and verify recommendation 6 of Kirklees").click()
    expect(page.locator("#recommendation-status")).to_have_text("Complete")
    page.evaluate("window.__marker = 1")

    page.get_by_label("Verify: the recommendation is complete").check()
    page.get_by_label("Comments").fill("Checked the audit results with the head of service.")
    page.get_by_role("button", name="Save decision").click()

    expect(page.get_by_role("alert")).to_contain_text("Update recorded")
    expect(page.locator("#recommendation-status")).to_have_text("Verified")
    newest = page.locator("#timeline .moj-timeline__item").first
    expect(newest).to_contain_text("Checked the audit results with the head of service.")
    expect(newest).to_contain_text("Lead Tester")
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
    tracked.complete.refresh_from_db()
    assert tracked.complete.status == Status.VERIFIED

    page.goto(f"/regions/{tracked.region.pk}/")
    expect(page.get_by_text("No recommendation is waiting to be verified.")).to_be_visible()
