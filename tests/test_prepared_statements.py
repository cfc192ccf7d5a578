"""PostgreSQL's server-side prepared statements: on by default, off when asked, and a setting
that makes no sense stops the app at start rather than somewhere later."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/tracker"


def database_options(**environment: str) -> subprocess.CompletedProcess:
    """The database OPTIONS a fresh process reads from this environment (with PostgreSQL)."""
    code = (
        "from kirklees_tracker import settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    env = {**os.environ, "DATABASE_URL": POSTGRES, **environment}
    if "DATABASE_PREPARE_THRESHOLD" not in environment:
        env.pop("DATABASE_PREPARE_THRESHOLD", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_queries_are_prepared_after_five_runs_by_default():
    assert database_options().stdout.split() == ["True", "5"]


@pytest.mark.parametrize("value", ["off", "OFF", " Off ", ""])
def test_off_or_empty_leaves_prepared_statements_off(value):
    assert database_options(DATABASE_PREPARE_THRESHOLD=value).stdout.split() == ["None", "None"]


def test_zero_prepares_every_query_on_its_first_run():
    assert database_options(DATABASE_PREPARE_THRESHOLD="0").stdout.split() == ["True", "0"]


@pytest.mark.parametrize("value", ["five", "-1", "2.5", "²"])
def test_a_threshold_that_is_not_a_whole_number_stops_the_app(value):
    result = database_options(DATABASE_PREPARE_THRESHOLD=value)

    assert result.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number of runs, or off." in result.stderr
