"""Every page the browser tests visit is valid HTML, by the Nu HTML Checker (W3C's validator).

The walk saves each page as the browser holds it (so the states htmx swaps in are checked too),
then one run of the checker reads them all: Java starts once. The checker is npm's `vnu-jar`
(package.json) and needs a Java runtime (Debian: `apt-get install default-jre-headless`); without
either the test is skipped, unless REQUIRE_BROWSER=1 (CI), where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.helpers import sign_in
from tests.browser.visits import VISITS, walk

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"The HTML check is required (REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"HTML check skipped: {reason}")


def checker() -> list[str]:
    if not VNU_JAR.is_file():
        unavailable(f"{VNU_JAR} is missing: run `npm ci`")
    java = shutil.which("java")
    if java is None:
        unavailable("no Java runtime found (apt-get install default-jre-headless)")
    return [java, "-jar", str(VNU_JAR)]


def saving_into(folder: Path, prefix: str, names: dict[str, str]):
    """A `look` for the walk: write the page as it stands, and remember which page it was."""

    def save(page) -> list[str]:
        file = folder / f"{prefix}-{len(names):02d}.html"
        file.write_text(page.content(), encoding="utf-8")
        names[file.name] = f"{prefix}: {page.url}"
        return []

    return save


def errors_found(command: list[str], files: list[Path], names: dict[str, str]) -> list[str]:
    run = subprocess.run(
        [*command, "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if not run.stdout.strip():
        pytest.fail(f"The checker gave no report: {run.stderr}", pytrace=False)
    found = []
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        where = names.get(url.rsplit("/", 1)[-1], url)
        extract = re.sub(r"\s+", " ", message.get("extract", "")).strip()
        found.append(
            f"{where}, line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"
        )
    return found


def test_every_page_the_browser_tests_visit_is_valid_html(page_at, tracked, request, tmp_path):
    command = checker()
    names: dict[str, str] = {}
    page = page_at(1280)
    page.goto("/sign-in/")
    saving_into(tmp_path, "anonymous", names)(page)
    for role, visits in VISITS.items():
        page = page_at(1280)
        sign_in(page, request.getfixturevalue(role))
        walk(page, visits, tracked, saving_into(tmp_path, role, names))

    errors = errors_found(command, sorted(tmp_path.glob("*.html")), names)

    assert not errors, f"The Nu HTML Checker found {len(errors)} errors:\n" + "\n".join(errors)
