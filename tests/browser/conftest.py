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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests import factory
from tests.browser.visits import Tracked

HERE = Path(__file__).resolve().parent
INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"
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


@pytest.fixture
def tracked(kirklees, manager) -> Tracked:
    from recommendations.actions import move_due_date
    from recommendations.models import Status
    from reporting.indicator_loader import load

    load(json.loads(INDICATORS.read_text()))
    in_progress = kirklees.recommendations.get(number=5)
    factory.update(in_progress, manager, Status.IN_PROGRESS, rag="amber", judgement="some")
    action = factory.action(in_progress, description="Audit safeguarding enquiries monthly")
    move_due_date(
        action,
        new_due_date=action.due_date + datetime.timedelta(days=14),
        reason="The audit team is on leave",
        by=manager,
    )
    complete = kirklees.recommendations.get(number=6)
    factory.update(complete, manager, Status.IN_PROGRESS, rag="amber", judgement="some")
    factory.update(complete, manager, Status.COMPLETE, rag="green", judgement="sufficient")
    return Tracked(
        inspection=kirklees,
        in_progress=in_progress,
        complete=complete,
        action=action,
        indicator=kirklees.indicators.order_by("pk").first(),
    )
