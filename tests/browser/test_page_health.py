"""No page breaks the Content-Security-Policy, throws a JavaScript error or misses a file."""

import pytest

from tests.browser.helpers import sign_in
from tests.browser.visits import VISITS, walk


@pytest.mark.parametrize("role", VISITS)
def test_no_page_the_role_sees_logs_an_error_or_a_policy_violation(
    page, tracked, request, watch, role
):
    sign_in(page, request.getfixturevalue(role))

    findings = walk(page, VISITS[role], tracked, lambda page: watch.take())

    assert not findings, "The browser reported problems:\n" + "\n".join(findings)
