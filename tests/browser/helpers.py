"""What a browser test does on a page: sign in and out, fill a GOV.UK date, and check the page
with axe-core and for sideways scrolling."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.factory import PASSWORD

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# The elements that stick out of the window (outside any region that scrolls on its own), deepest
# first: what to fix when a page scrolls sideways.
WIDER_THAN_THE_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !scrolls(e))
    .filter((e, _, all) => !all.some((other) => other !== e && e.contains(other)))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${[...e.classList].join(".")}`
      + ` reaches ${Math.round(e.getBoundingClientRect().right)}px`);
}"""


def sideways_scrolling(page) -> list[str]:
    """WCAG 1.4.10 (reflow): the page is no wider than the window, so nothing scrolls sideways."""
    page_width, window = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if page_width <= window:
        return []
    return [
        f"the page is {page_width}px wide in a {window}px window",
        *page.evaluate(WIDER_THAN_THE_WINDOW),
    ]


def sign_in(page, user, password: str = PASSWORD, *, start: bool = True) -> None:
    """Sign in through the real form (from the sign-in page itself unless `start` is False)."""
    if start:
        page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/sign-in/" not in page.url, f"{user} could not sign in"


def fill_date(scope, legend: str, day, month="", year="") -> None:
    """Type a date into the GOV.UK date input whose legend is `legend`: a `datetime.date`, or
    what goes in each of its Day, Month and Year boxes."""
    if isinstance(day, datetime.date):
        day, month, year = day.day, day.month, day.year
    group = scope.get_by_role("group", name=legend, exact=True)
    for box, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(box, exact=True).fill(str(value))


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def _describe(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return lines


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.2 AA, best practice) on the page as it stands; describe what fails."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci`", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    # resultTypes: axe then gathers details for violations only, which is quicker.
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {
          runOnly: {type: "tag", values: tags},
          resultTypes: ["violations"],
        })).violations""",
        AXE_TAGS,
    )
    return _describe(violations)


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found violations on {page.url}:\n" + "\n".join(violations)
