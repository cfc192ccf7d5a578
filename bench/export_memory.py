"""The national recommendation list's CSV and Excel exports: time, queries and peak memory.

Usage (from the project folder):

    .venv/bin/python bench/export_memory.py            # csv and xlsx, each in a fresh process
    .venv/bin/python bench/export_memory.py --rounds 3

It prints the median time over the rounds, the queries, the file's size, and the largest
growth of the resident memory's high-water mark, held to issue 11's target (< +20 MiB).

Each export runs in a fresh Python process, through Django's test client with DEBUG off, as
a superuser (so the list holds every recommendation in the database). The process first
exports one inspection in the same format, so that what any worker loads on its first
export (openpyxl, the templates, the ORM's caches) is loaded; then it reads VmHWM (the
resident set's high-water mark) from /proc/self/status, exports the whole list, reading
the streamed body as a client would, and reads VmHWM again. The growth is what the export
itself costs a worker.

The database is the benchmark's (DATABASE_URL, default tracker_bench), read only: the
superuser, the session and the sign-in are written inside a transaction that is rolled
back at the end, so nothing is left behind.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
FORMATS = ("csv", "xlsx")
# Issue 11's target for the national exports: the worker grows by less than this.
GROWTH_LIMIT_MIB = 20


def high_water_mib() -> float:
    """This process's peak resident memory (VmHWM) so far, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("No VmHWM in /proc/self/status")


def _body_size(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure_one(fmt: str) -> dict:
    """Run in the fresh process: export the whole list once in `fmt` and report the cost."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from inspections.models import Inspection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with transaction.atomic():
        user = get_user_model().objects.create_superuser("export-bench", "", "unused")
        client = Client()
        client.force_login(user)
        inspection = Inspection.objects.filter(report_imported=True).order_by("pk").first()
        warm = client.get(reverse("inspection-export", args=[inspection.pk, fmt]))
        _body_size(warm)
        before = high_water_mib()
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = client.get(reverse("recommendation-list-export", args=[fmt]))
            size = _body_size(response)
        seconds = time.perf_counter() - started
        after = high_water_mib()
        assert response.status_code == 200, response.status_code
        transaction.set_rollback(True)
    return {
        "format": fmt,
        "seconds": round(seconds, 3),
        "queries": queries,
        "bytes": size,
        "before_mib": round(before, 1),
        "after_mib": round(after, 1),
        "growth_mib": round(after - before, 1),
    }


def run_fresh(fmt: str, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="kirklees_tracker.settings",
        DEBUG="false",
        SECRET_KEY="export-memory-bench-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, __file__, "--one", fmt],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"The {fmt} export failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes per format")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return
    database_url = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
    print(f"National recommendation list exports, as a superuser ({database_url.rsplit('/')[-1]})")
    print(
        f"{'export':8} {'seconds':>8} {'queries':>8} {'KiB':>8} {'VmHWM before':>13} "
        f"{'after':>8} {'growth':>8}  held to"
    )
    for fmt in FORMATS:
        runs = [run_fresh(fmt, database_url) for _ in range(args.rounds)]
        median = statistics.median(r["seconds"] for r in runs)
        growth = max(r["growth_mib"] for r in runs)
        last = runs[-1]
        verdict = "met" if growth < GROWTH_LIMIT_MIB else "NOT met"
        print(
            f"{fmt:8} {median:8.2f} {last['queries']:8} {last['bytes'] // 1024:8} "
            f"{last['before_mib']:10.1f} MiB {last['after_mib']:8.1f} {growth:+7.1f}  "
            f"< +{GROWTH_LIMIT_MIB} MiB: {verdict}"
        )


if __name__ == "__main__":
    main()
