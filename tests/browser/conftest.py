"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser` and gets a transactional database (the live server runs
in another thread, so it must see committed data), restored from a snapshot before each test
so that the framework rows the migrations seed survive the flush.

Pages are watched while a test runs: a JavaScript error, a console error (Chromium reports
Content-Security-Policy violations there too), a `securitypolicyviolation` event, or a
sub-resource answered with 4xx/5xx fails the test. The normal contexts enforce the
Content-Security-Policy, so that a violation surfaces; axe-core is injected through the
DevTools protocol (`page.evaluate`), which the policy does not govern.
"""

import datetime
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests import factory
from tests.factory import PASSWORD

HERE = Path(__file__).resolve().parent
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NO_CHROMIUM = (
    "no Chromium found (install it with `apt-get install -y chromium`, or set CHROMIUM_PATH)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000

# Reports every Content-Security-Policy violation as a console error, which `Watch` collects.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    in_browser = [item for item in items if HERE in item.path.parents]
    elsewhere = [item for item in items if HERE not in item.path.parents]
    for item in in_browser:
        item.add_marker(pytest.mark.browser)
        if "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    # Last, so that no other test runs beside Playwright's event loop (see below).
    items[:] = elsewhere + in_browser


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread, where Django would refuse its
    ORM; from the first browser test on (they run last), Django is told it is safe."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def find_chromium() -> str | None:
    """CHROMIUM_PATH if set (even to a missing file: then there is none), else Debian's."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def no_browser(reason: str):
    """Skip, or fail where the browser tests are required (CI sets REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests required (REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        no_browser(NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        except Error as error:
            no_browser(f"Chromium at {chromium_path} would not start: {error.message}")
        yield launched
        launched.close()


@dataclass
class Watch:
    """What went wrong on the pages of one browser context."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # A page answered 4xx (a form with errors, say) logs "Failed to load resource";
        # `_response` judges sub-resources itself, and each test the status of its pages.
        if message.text.startswith("Failed to load resource"):
            return
        self.problems.append(f"Console error: {message.text} ({message.location.get('url')})")

    def _response(self, response) -> None:
        request = response.request
        if response.status < 400 or request.resource_type == "document":
            return
        if request.url.endswith("/favicon.ico"):
            return
        self.problems.append(f"{request.resource_type} {request.url} answered {response.status}")

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems

    def check(self) -> None:
        problems = self.take()
        assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def _new_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    return context


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def page(browser, live_server, watch):
    """A page in a fresh context (JavaScript on, the Content-Security-Policy enforced)."""
    context = _new_context(browser, live_server)
    context.on("page", watch.attach)
    made = context.new_page()
    yield made
    context.close()
    watch.check()


@pytest.fixture
def page_without_js(browser, live_server, watch):
    """A page in a fresh context with JavaScript disabled, as some users browse."""
    context = _new_context(browser, live_server, java_script_enabled=False)
    context.on("page", watch.attach)
    made = context.new_page()
    yield made
    context.close()
    watch.check()


@pytest.fixture
def page_at(browser, live_server, watch):
    """`page_at(width)`: a page in a fresh context whose window is `width` CSS pixels wide."""
    contexts = []

    def make(width: int):
        context = _new_context(browser, live_server, viewport={"width": width, "height": 800})
        context.on("page", watch.attach)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    watch.check()


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


@dataclass
class Tracked:
    """Kirklees part way through its action plan, so that every page has something to show."""

    inspection: object
    in_progress: object  # recommendation 5: one update, an action whose due date moved
    complete: object  # recommendation 6: marked Complete, awaiting verification
    action: object
    indicator: object

    @property
    def region(self):
        return self.inspection.pdu.region


@pytest.fixture
def tracked(kirklees, manager) -> Tracked:
    from recommendations.actions import move_due_date
    from recommendations.models import Status
    from reporting.indicator_loader import load

    load(json.loads(INDICATORS.read_text()))
    in_progress = kirklees.recommendations.get(number=5)
    factory.update(in_progress, manager, Status.IN_PROGRESS, rag="amber", progress="some")
    action = factory.action(in_progress, description="Audit safeguarding enquiries monthly")
    move_due_date(
        action,
        new_due_date=action.due_date + datetime.timedelta(days=14),
        reason="The audit team is on leave",
        by=manager,
    )
    complete = kirklees.recommendations.get(number=6)
    factory.update(complete, manager, Status.IN_PROGRESS, rag="amber", progress="some")
    factory.update(complete, manager, Status.COMPLETE, rag="green", progress="sufficient")
    return Tracked(
        inspection=kirklees,
        in_progress=in_progress,
        complete=complete,
        action=action,
        indicator=kirklees.indicators.order_by("pk").first(),
    )


# Walks through every page a role can reach, in each state that looks different.


@dataclass(frozen=True)
class Visit:
    name: str
    path: Callable[[Tracked], str]
    status: int = 200
    then: Callable | None = None  # what to do on the page before looking at it


def leave_empty_and_press(button: str, *, swapped: bool = False):
    """Submit the form with nothing filled in: htmx swaps the errors in, or the page reloads."""

    def act(page):
        if swapped:
            page.get_by_role("button", name=button).click()
            page.locator(".govuk-error-summary").wait_for()
            return
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button).click()
        assert navigation.value.status == 400

    return act


def post_without_htmx(form: str):
    """form.submit() fires no submit event, so htmx leaves it alone: the post made without JS."""

    def act(page):
        with page.expect_navigation() as navigation:
            page.locator(form).evaluate("form => form.submit()")
        assert navigation.value.status == 400

    return act


def filter_in_place(page) -> None:
    page.get_by_label("Status").select_option(label="In progress")
    page.wait_for_url("**/recommendations/?*status=in_progress*")
    page.locator("#results").wait_for()


SHARED_VISITS = [
    Visit("home", lambda t: "/"),
    Visit("inspection", lambda t: f"/inspections/{t.inspection.pk}/"),
    Visit("status over time", lambda t: f"/inspections/{t.inspection.pk}/status/"),
    Visit(
        "status over time, with a bad date",
        lambda t: f"/inspections/{t.inspection.pk}/status/?as_at=nonsense",
        status=400,
    ),
    Visit("recommendations", lambda t: "/recommendations/"),
    Visit(
        "recommendations, filtered in place", lambda t: "/recommendations/", then=filter_in_place
    ),
    Visit("recommendations, filtered", lambda t: "/recommendations/?status=in_progress&rag=amber"),
    Visit(
        "recommendations, with a bad filter",
        lambda t: "/recommendations/?standard=nonsense",
        status=400,
    ),
    Visit("recommendation in progress", lambda t: f"/recommendations/{t.in_progress.pk}/"),
    Visit("recommendation awaiting verification", lambda t: f"/recommendations/{t.complete.pk}/"),
    Visit(
        "recommendations, filtered to nothing",
        lambda t: "/recommendations/?status=verified&rag=red",
    ),
    Visit("actions", lambda t: "/actions/"),
    Visit("actions, filtered to nothing", lambda t: "/actions/?status=complete"),
    Visit("activity", lambda t: "/activity/"),
    Visit(
        "activity, with a bad date",
        lambda t: "/activity/?since-day=31&since-month=2&since-year=2025",
        status=400,
    ),
    Visit(
        "the previous inspection", lambda t: f"/inspections/{t.inspection.previous_inspection.pk}/"
    ),
    Visit("your account", lambda t: "/account/"),
]
MANAGER_VISITS = [
    *SHARED_VISITS,
    Visit(
        "recommendation, update with errors swapped in",
        lambda t: f"/recommendations/{t.in_progress.pk}/",
        then=leave_empty_and_press("Save update", swapped=True),
    ),
    Visit(
        "recommendation, update with errors on a new page",
        lambda t: f"/recommendations/{t.in_progress.pk}/",
        then=post_without_htmx("#log-update form"),
    ),
    Visit("action due date", lambda t: f"/actions/{t.action.pk}/due-date/"),
    Visit(
        "action due date, with errors on a new page",
        lambda t: f"/actions/{t.action.pk}/due-date/",
        then=post_without_htmx(".govuk-summary-card form[action$='/due-date/']"),
    ),
    Visit("upload an edited plan", lambda t: f"/inspections/{t.inspection.pk}/action-plan/upload/"),
    Visit("the plan", lambda t: f"/recommendations/{t.in_progress.pk}/plan/"),
    Visit(
        "the plan, with errors swapped in",
        lambda t: f"/recommendations/{t.in_progress.pk}/plan/",
        then=leave_empty_and_press("Save the plan", swapped=True),
    ),
    Visit(
        "the plan, with errors on a new page",
        lambda t: f"/recommendations/{t.in_progress.pk}/plan/",
        then=post_without_htmx("#plan form"),
    ),
    Visit(
        "action due date, with errors",
        lambda t: f"/actions/{t.action.pk}/due-date/",
        then=leave_empty_and_press("Move the due date", swapped=True),
    ),
    Visit("new measurement", lambda t: f"/indicators/{t.indicator.pk}/measurements/new"),
    Visit(
        "new measurement, with errors",
        lambda t: f"/indicators/{t.indicator.pk}/measurements/new",
        then=leave_empty_and_press("Save measurement"),
    ),
]
LEAD_VISITS = [
    *SHARED_VISITS,
    Visit(
        "recommendation, verification with errors swapped in",
        lambda t: f"/recommendations/{t.complete.pk}/",
        then=leave_empty_and_press("Save decision", swapped=True),
    ),
    Visit("region", lambda t: f"/regions/{t.region.pk}/"),
    Visit("region status over time", lambda t: f"/regions/{t.region.pk}/status/"),
]
VISITS = {"manager": MANAGER_VISITS, "lead": LEAD_VISITS}


def walk(page, visits: list[Visit], tracked: Tracked, look: Callable) -> list[str]:
    """Visit each page; `look(page)` lists what is wrong with it. Returns every page's findings."""
    findings = []
    for visit in visits:
        path = visit.path(tracked)
        response = page.goto(path)
        if response.status != visit.status:
            findings.append(f"{visit.name} ({path}) answered {response.status}")
            continue
        if visit.then:
            visit.then(page)
        found = look(page)
        if found:
            findings.append(f"{visit.name} ({page.url}):")
            findings.extend(f"  {line}" for line in found)
    return findings
