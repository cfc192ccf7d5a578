"""Benchmark every page and export at national scale, with ten times the history.

Usage (from the project folder; `make bench` runs the first line):

    .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --strict          # exit 1 if a target is missed
    .venv/bin/python bench/run.py --only pages      # or throughput, or memory
    .venv/bin/python bench/run.py --rounds 50 --with-tests
    .venv/bin/python bench/run.py --fresh           # drop the bench database, build it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/run.py

What it does (bench/dataset.py, targets.py, memory.py, load.py, baseline.py, verdict.py):

1. Creates the PostgreSQL database (DATABASE_URL, default tracker_bench on 127.0.0.1) if
   it is missing, migrates it, and fills it once with the synthetic national data set
   (`generate_synthetic`: 12 regions, 108 PDUs, two inspections each, 50 updates per
   recommendation), the Kirklees report, one recommendation topped up to 500 updates
   and a superuser. Later runs find them and reuse them.
2. Pages: starts gunicorn as production does (DEBUG off, a SECRET_KEY, `-w 2`, whitenoise
   after `collectstatic`), with bench/settings.py: the app's URLs plus /bench/minimal, the
   least a Django view can do. Signs in through the sign-in form as a regional lead, a
   PDU manager and the superuser, and fetches every target round-robin: a warm-up, then
   --rounds rounds (the national exports in one round in five). Then counts each
   target's queries in-process and notes its slowest ones.
3. Memory: for the national CSV and XLSX, a fresh gunicorn with ONE worker, whose peak
   resident size (VmHWM) is read before and after the export.
4. Throughput: 4, then 16 clients at once (threads, one signed-in client each) over a
   fixed weighted mix of pages, on the same 2 sync workers, --load-seconds each after a
   warm-up: requests a second, median and p95. The baseline is the code before issue 11
   (--baseline-commit, bench/baseline.py), measured the same way in the same run; if it
   cannot run, the figures recorded in bench/load.py.
5. Times `import_report` of Kirklees into a scratch database (not with --only) and, with
   --with-tests, the test suite (`make test`'s pytest run, on SQLite).

It prints the pages' table (median and p95 in ms, the median's ratio to the signed-in
and the anonymous minimal view, queries, size, and the target each is held to), the
exports' memory, the throughput, then issue 11's targets as met / NOT met, all from this
run, and writes bench/results/latest.json (latest-<part>.json with --only). --strict
exits 1 if one is missed.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.db import DatabaseError, connections

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.baseline import baseline_env, unpack
from bench.common import (
    DEFAULT_DATABASE_URL,
    PYTHON,
    ROOT,
    Server,
    drop_database,
    ensure_database,
    log,
    manage,
    production_env,
)
from bench.dataset import KIRKLEES, prepare_database
from bench.load import BASELINE, measure_throughput, print_throughput
from bench.memory import measure_export_memory, print_memory
from bench.targets import choose_targets, count_queries, judge, measure, print_table
from bench.verdict import print_verdicts, verdicts

RESULTS = ROOT / "bench" / "results"
PARTS = ("pages", "memory", "throughput")
PASSED_ON = (
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "LOG_LEVEL",
)


def time_import(database_url: str) -> float:
    """Seconds `manage.py import_report` takes for Kirklees, into a scratch database."""
    scratch = database_url.rsplit("/", 1)[0] + "/tracker_bench_import_scratch"
    env = production_env(scratch)
    drop_database(scratch)
    ensure_database(scratch)
    try:
        manage(env, "migrate", "--no-input")
        started = time.perf_counter()
        manage(env, "import_report", KIRKLEES)
        return time.perf_counter() - started
    finally:
        drop_database(scratch)


def time_tests() -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    return {"seconds": round(seconds, 1), "exit_code": result.returncode, "summary": summary}


def run_pages(env: dict, targets: list[dict], context: dict, args) -> None:
    server = Server(env, log_path=RESULTS / "gunicorn.log").start()
    try:
        log(f"gunicorn on 127.0.0.1:{server.port}; signing in and warming up...")
        measure(server.port, targets, context["users"], args.rounds, args.warmup)
    finally:
        server.stop()
    log("Counting queries in-process...")
    count_queries(targets, context["users"])
    judge(targets)


def run_memory(env: dict, targets: list[dict], context: dict) -> list[dict]:
    by_name = {t["name"]: t for t in targets}
    exports = [t for t in targets if t["kind"] == "national"]
    warm = {
        "national csv": by_name["inspection csv"]["path"],
        "national xlsx": by_name["inspection xlsx"]["path"],
    }
    log("Peak memory of one worker serving each national export...")
    return measure_export_memory(env, exports, warm, context["users"]["superuser"])


def run_throughput(env: dict, targets: list[dict], context: dict, args) -> tuple[list, list]:
    """The current code's throughput and, with --baseline-commit, the earlier code's."""
    earlier_env = folder = None
    if args.baseline_commit:
        try:
            folder = unpack(args.baseline_commit)
            # Before any server connects: the copy needs the database to itself.
            connections.close_all()
            earlier_env = baseline_env(env, folder)
        except (
            OSError,
            RuntimeError,
            subprocess.CalledProcessError,
            DatabaseError,
            psycopg.Error,
        ) as error:
            log(f"The code at {args.baseline_commit} did not run ({error}).")
    # Each started before the next is made, so that they cannot be given the same port.
    servers = {"current": Server(env, log_path=RESULTS / "gunicorn-load.log").start()}
    try:
        if earlier_env:
            try:
                servers["earlier"] = Server(
                    earlier_env, log_path=RESULTS / "gunicorn-earlier.log", root=folder
                ).start()
            except (OSError, RuntimeError) as error:
                log(f"The code at {args.baseline_commit} did not run ({error}).")
        found = measure_throughput(
            {label: s.port for label, s in servers.items()},
            targets,
            context["users"],
            args.load_seconds,
        )
    finally:
        for server in servers.values():
            server.stop()
        if earlier_env:
            # The copy is made afresh each run; it is not left on the disk.
            drop_database(earlier_env["DATABASE_URL"])
    earlier = found.get("earlier", [])
    if any(result["failures"] for result in earlier):
        log(f"The code at {args.baseline_commit} failed requests: see gunicorn-earlier.log.")
        earlier = []
    if args.baseline_commit and not earlier:
        log("Using the baseline recorded in bench/load.py instead.")
    for result in earlier:
        result["commit"] = args.baseline_commit
    return found["current"], earlier


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", choices=PARTS, help="Run only this part (for development).")
    parser.add_argument("--load-seconds", type=float, default=15, help="Per client count.")
    parser.add_argument(
        "--baseline-commit",
        default=BASELINE["commit"],
        help="Measure the throughput of the code at this commit too, as the baseline "
        f"(default {BASELINE['commit']}; '' for the figures recorded in bench/load.py).",
    )
    parser.add_argument("--with-tests", action="store_true", help="Also time the test suite.")
    parser.add_argument("--skip-import", action="store_true", help="Do not time import_report.")
    parser.add_argument(
        "--fresh", action="store_true", help="Drop the bench database and build it again."
    )
    parser.add_argument("--strict", action="store_true", help="Exit 1 if a target is missed.")
    args = parser.parse_args()
    args.database_url = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    return args


def main() -> int:
    args = parse_arguments()
    parts = [args.only] if args.only else list(PARTS)
    env = production_env(args.database_url)
    os.environ.update({k: env[k] for k in PASSED_ON})

    prepare_database(env, fresh=args.fresh)
    context, targets = choose_targets()
    log("Collecting static files...")
    manage(env, "collectstatic", "--no-input")
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": args.database_url.rsplit("@", 1)[-1],
        "parts": parts,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "context": context,
    }
    pages = memory = load = earlier = None
    if "pages" in parts:
        run_pages(env, targets, context, args)
        pages = targets
        results["targets"] = [
            {k: v for k, v in t.items() if k != "times_ms"}
            | {"times_ms": [round(x, 2) for x in t["times_ms"]]}
            for t in targets
        ]
    if "memory" in parts:
        memory = results["export_memory"] = run_memory(env, targets, context)
    if "throughput" in parts:
        load, earlier = run_throughput(env, targets, context, args)
        results["throughput"], results["throughput_baseline"] = load, earlier
    if "pages" in parts and not args.skip_import and not args.only:
        log("Timing import_report of Kirklees in a scratch database...")
        results["import_report_seconds"] = round(time_import(args.database_url), 2)
    if args.with_tests:
        log("Timing the test suite...")
        results["tests"] = time_tests()
    found = results["verdicts"] = verdicts(pages, memory, load, earlier)
    report(results, pages, memory, (load, earlier), found)
    written = RESULTS / ("latest.json" if not args.only else f"latest-{args.only}.json")
    written.write_text(json.dumps(results, indent=2))
    print(f"\nWritten: {written}")
    missed = [t["name"] for t in pages or [] if not t["met"]] + [v[0] for v in found if not v[2]]
    return 1 if args.strict and missed else 0


def report(results: dict, pages, memory, load, found) -> None:
    context = results["context"]
    print(
        f"\n{context['pdu']} ({context['region']}, {context['region_pdus']} PDUs); "
        f"recommendations with {context['recommendation_updates']} and "
        f"{context['long_recommendation_updates']} updates"
    )
    if pages:
        print(f"{results['rounds']} rounds after {results['warmup']} warm-up\n")
        print_table(pages)
    if memory:
        print_memory(memory)
    if load[0]:
        print_throughput(*load)
    if "import_report_seconds" in results:
        print(f"\nimport_report Kirklees (whole command): {results['import_report_seconds']} s")
    if "tests" in results:
        print(f"Test suite: {results['tests']['seconds']} s ({results['tests']['summary']})")
    print_verdicts(found)


if __name__ == "__main__":
    sys.exit(main())
