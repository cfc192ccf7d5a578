"""The account page in a browser: from the header, saved, refused, at 320 px, with axe."""

import pytest

from reminders.models import EmailPreference
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


def fits_without_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_manager_chooses_their_e_mails_from_the_header(page, manager):
    manager.email = "morgan.manager@justice.example"
    manager.save()
    sign_in(page, manager)
    with page.expect_navigation():
        page.get_by_role("link", name="Your account").click()
    assert page.get_by_text("morgan.manager@justice.example").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("A weekly digest, on Mondays").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save your choices").click()

    assert page.get_by_text("Your e-mail choices have been saved").is_visible()
    assert not page.get_by_label("A weekly digest, on Mondays").is_checked()
    assert EmailPreference.objects.get(user=manager).weekly_digest is False
    assert_no_axe_violations(page)


def test_a_choice_not_offered_is_refused_on_the_page(page, manager):
    sign_in(page, manager)
    page.goto("/account/")
    page.locator("#id_emails_0").evaluate("box => { box.value = 'everything' }")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save your choices").click()
    assert navigation.value.status == 400
    assert page.get_by_role("link", name="Select only the e-mails listed").is_visible()
    assert_no_axe_violations(page)


def test_the_account_page_fits_a_320_pixel_screen(page, viewer):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, viewer)
    page.goto("/account/")
    assert page.get_by_text("You have no e-mail address in the tracker").is_visible()
    assert fits_without_sideways_scrolling(page)
