"""axe-core finds no WCAG 2.2 AA violations on any page, in each state a user can reach.

Pages differ by role: a manager sees the forms to log an update, move a due date and add a
measurement; a regional lead sees the region and the verify form. One walk per role keeps
the suite quick, and its failure lists every page's violations at once.
"""

import pytest

from tests.browser.conftest import VISITS, axe_violations, sign_in, walk


def test_the_sign_in_page_has_no_axe_violations(page, live_server):
    page.goto("/sign-in/")

    assert axe_violations(page) == []


@pytest.mark.parametrize("role", VISITS)
def test_every_page_the_role_sees_has_no_axe_violations(page, tracked, request, role):
    sign_in(page, request.getfixturevalue(role))

    findings = walk(page, VISITS[role], tracked, axe_violations)

    assert not findings, "axe-core found violations:\n" + "\n".join(findings)
