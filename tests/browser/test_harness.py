"""The browser harness itself: finding Chromium, and noticing what goes wrong on a page."""

import pytest

from tests.browser.conftest import NO_CHROMIUM, find_chromium, no_browser


def test_chromium_path_names_the_browser(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(chromium))

    assert find_chromium() == str(chromium)


def test_a_chromium_path_that_does_not_exist_means_no_browser(monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent")

    assert find_chromium() is None


def test_without_chromium_the_tests_skip_saying_how_to_install_it(monkeypatch):
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)

    with pytest.raises(pytest.skip.Exception) as skipped:
        no_browser(NO_CHROMIUM)

    assert str(skipped.value) == (
        "Browser tests skipped: no Chromium found (install it with "
        "`apt-get install -y chromium`, or set CHROMIUM_PATH)"
    )


def test_without_chromium_the_tests_fail_where_the_browser_is_required(monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")

    with pytest.raises(pytest.fail.Exception) as failed:
        no_browser(NO_CHROMIUM)

    assert str(failed.value).startswith(
        "Browser tests required (REQUIRE_BROWSER=1) but no Chromium found"
    )


def test_the_stylesheet_and_scripts_load_and_start_the_components(page):
    page.goto("/sign-in/")

    assert (
        page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        == "arial, sans-serif"
    )
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("typeof window.htmx") == "object"


def test_a_content_security_policy_violation_is_caught(page, watch):
    page.goto("/sign-in/")

    with page.expect_console_message(lambda message: "securitypolicyviolation" in message.text):
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.inline = true";
              document.body.append(script);
            }"""
        )

    assert any("securitypolicyviolation: script-src" in problem for problem in watch.problems)
    assert page.evaluate("window.inline") is None
    watch.problems.clear()


def test_a_missing_static_file_is_caught(page, watch):
    page.goto("/sign-in/")

    with page.expect_response("**/static/missing.css"):
        page.evaluate(
            """() => {
              const link = document.createElement("link");
              link.rel = "stylesheet";
              link.href = "/static/missing.css";
              document.head.append(link);
            }"""
        )

    assert any("/static/missing.css answered 404" in problem for problem in watch.problems)
    watch.problems.clear()


def test_a_javascript_error_is_caught(page, watch):
    page.goto("/sign-in/")

    with page.expect_event("pageerror"):
        page.evaluate("() => { setTimeout(() => { throw new Error('on purpose'); }); }")

    assert any("JavaScript error: on purpose" in problem for problem in watch.problems)
    watch.problems.clear()
