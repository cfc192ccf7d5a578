"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser` and gets a transactional database (the live server runs
in another thread, so it must see committed data) restored from a snapshot after each test,
so that the framework rows the migrations seed survive the flush.

Pages are watched while a test runs: a JavaScript error, a console error (Chromium reports
Content-Security-Policy violations there too), a `securitypolicyviolation` event, or a
sub-resource answered with 4xx/5xx fails the test. The normal contexts enforce the
Content-Security-Policy, so that a violation surfaces; axe-core is injected through the
DevTools protocol (`page.evaluate`), which the policy does not govern.
"""

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests.factory import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django would refuse its ORM here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NO_CHROMIUM = (
    "Browser tests skipped: no Chromium found (install it with `apt-get install -y chromium`, "
    "or set CHROMIUM_PATH)"
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
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Each test makes its users afresh; the real hasher would spend most of the time on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def find_chromium() -> str | None:
    """CHROMIUM_PATH if set (even to a missing file: then there is none), else Debian's."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def no_browser(message: str):
    """Skip, or fail where the browser tests are required (CI sets REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


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

    def check(self) -> None:
        problems, self.problems = self.problems, []
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


def sign_in(page, user, password: str = PASSWORD, *, start: bool = True) -> None:
    """Sign in through the real form (from the sign-in page itself unless `start` is False)."""
    if start:
        page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/sign-in/" not in page.url, f"{user} could not sign in"


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    """Run axe-core (WCAG 2.2 AA and best practice) on the page as it stands."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci`", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations",
        AXE_TAGS,
    )
    assert not violations, _format_violations(page.url, violations)
