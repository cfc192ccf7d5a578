"""Signing in and out through the real forms."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, sign_in, sign_out


def test_the_manager_signs_in_and_out(page, manager):
    sign_in(page, manager)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDUs")
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Manager Tester")

    sign_out(page)

    assert page.url.endswith("/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    assert "/sign-in/" in page.url


def test_signing_in_leads_back_to_the_page_asked_for(page, manager):
    page.goto("/recommendations/?status=in_progress")
    assert "/sign-in/?next=" in page.url

    sign_in(page, manager, start=False)

    assert page.url.endswith("/recommendations/?status=in_progress")


def test_a_wrong_password_shows_the_error_summary(page, manager):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page).to_have_title("Error: Sign in – Inspection recommendations tracker")
    assert_no_axe_violations(page)


def test_five_wrong_passwords_lock_the_account(page, manager):
    for _ in range(5):
        page.goto("/sign-in/")
        page.get_by_label("Username").fill("manager")
        page.get_by_label("Password").fill("not the password")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    assert_no_axe_violations(page)
