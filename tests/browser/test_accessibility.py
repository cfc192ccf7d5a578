"""Every page fits a 320px-wide window and a 1280px one, and axe-core finds no WCAG 2.2 AA
violations on it, in each state a user can reach.

Pages differ by role: a manager sees the forms to log an update, move a due date and add a
measurement; a regional lead sees the region and the verify form. One walk per role and width
(one browser context each) keeps the suite quick, and its failure lists every page's findings
at once. axe-core does not test reflow (WCAG 1.4.10), so the walk measures the page itself:
`document.documentElement.scrollWidth` within the window's width.
"""

import pytest

from tests.browser.helpers import axe_violations, sideways_scrolling, sign_in
from tests.browser.visits import VISITS, walk

WIDTHS = [320, 1280]


def fits_and_has_no_axe_violations(page) -> list[str]:
    return sideways_scrolling(page) + axe_violations(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_sign_in_page_fits_the_window_with_no_axe_violations(page_at, width):
    page = page_at(width)
    page.goto("/sign-in/")

    assert fits_and_has_no_axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", VISITS)
def test_every_page_the_role_sees_fits_the_window_with_no_axe_violations(
    page_at, tracked, request, role, width
):
    page = page_at(width)
    sign_in(page, request.getfixturevalue(role))

    findings = walk(page, VISITS[role], tracked, fits_and_has_no_axe_violations)

    assert not findings, f"At {width}px:\n" + "\n".join(findings)
