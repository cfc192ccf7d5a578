"""Benchmark every page and export at national scale against a minimal Django view.

Usage (from the project folder; `make bench` runs the first line):

    .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --rounds 50 --with-tests
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/run.py

What it does:

1. Creates the PostgreSQL database (DATABASE_URL, default tracker_bench on 127.0.0.1) if
   it is missing, migrates it, and fills it once with the synthetic national data set
   (`generate_synthetic`: 12 regions, 108 PDUs, two inspections each, 50 updates per
   recommendation) and the Kirklees report. Later runs reuse it.
2. Starts gunicorn as production does (DEBUG off, a SECRET_KEY, `-w 2`, whitenoise after
   `collectstatic`), with bench/settings.py: the app's URLs plus /bench/minimal, the
   least a Django view can do.
3. Signs in through the sign-in form (CSRF and all) as a synthetic regional lead and as
   a synthetic PDU manager, then fetches every target round-robin: a warm-up, then
   --rounds rounds, so that all targets share the same conditions. Times are wall times
   on the client, from sending the request to reading the last byte.
4. Counts each target's queries in-process (Django's test client, CaptureQueriesContext)
   and notes its slowest queries.
5. Times `import_report` of Kirklees into a scratch database and, with --with-tests, the
   test suite (`make test`'s pytest run, on SQLite).

It prints a table (median and 95th percentile in ms, the median's ratio to the minimal
view's, signed in and anonymous, queries, and the target it is held to) and writes
bench/results/latest.json. Targets: every page under 100 ms median and within 20 x the
minimal view (signed in, as every page is); a region's Excel export under 2 s; an
inspection's PDF and a region's under 3 s. --strict exits 1 if one is missed.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH_PASSWORD,
    DEFAULT_DATABASE_URL,
    PYTHON,
    ROOT,
    Client,
    Server,
    drop_database,
    ensure_database,
    log,
    manage,
    production_env,
)

RESULTS = ROOT / "bench" / "results"
KIRKLEES = "inspections/data/kirklees-2024.md"
KIRKLEES_INDICATORS = "inspections/data/kirklees-2024-indicators.json"
PAGE_MEDIAN_MS = 100
PAGE_RATIO = 20
EXPORT_LIMITS_MS = {"region xlsx": 2000, "inspection pdf": 3000, "region pdf": 3000}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def prepare_database(env: dict[str, str]) -> None:
    """Migrate, and add the national data set and Kirklees where they are missing."""
    created = ensure_database(env["DATABASE_URL"])
    log("Created the database." if created else "Reusing the database.")
    manage(env, "migrate", "--no-input")
    _setup_django()
    from django.core.management import call_command

    from inspections.models import PDU
    from inspections.synthetic import Options, generate, holds_synthetic_data

    if not holds_synthetic_data():
        log("Generating the national synthetic data set (once)...")
        started = time.monotonic()
        counts = generate(Options(password=BENCH_PASSWORD, allow_real_data=True))
        log(
            f"  {counts.inspections} inspections, {counts.recommendations} recommendations, "
            f"{counts.updates} updates in {time.monotonic() - started:.1f} s"
        )
    if not PDU.objects.filter(name="Kirklees").exists():
        log("Importing Kirklees...")
        call_command("import_report", str(ROOT / KIRKLEES), verbosity=0)
        if (ROOT / KIRKLEES_INDICATORS).exists():
            try:
                call_command("load_indicators", str(ROOT / KIRKLEES_INDICATORS), verbosity=0)
            except Exception as error:  # optional: the bench does not depend on it
                log(f"  (Kirklees indicators not loaded: {error})")
    # Fresh bulk inserts leave the planner without statistics (autovacuum may be off, or
    # not have run yet); production tables are analysed, so the bench's should be too.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _setup_django() -> None:
    import django

    if not getattr(_setup_django, "done", False):
        django.setup()
        _setup_django.done = True


def choose_targets() -> tuple[dict, list[dict]]:
    """The signed-in users and the URLs to fetch, from the synthetic data set."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from inspections.models import Membership, Region, Role
    from recommendations.models import Recommendation

    # The worst case: the synthetic region with the most PDUs, and its lead; then one of
    # its PDUs, that PDU's later inspection, and its first recommendation (50 updates).
    region = (
        Region.objects.filter(name__startswith="Synthetic Region")
        .annotate(size=Count("pdus"))
        .order_by("-size", "pk")
        .first()
    )
    lead = Membership.objects.get(region=region, role=Role.REGIONAL_LEAD).user
    manager_membership = (
        Membership.objects.filter(role=Role.MANAGER, pdu__region=region)
        .select_related("pdu", "user")
        .order_by("pdu__name")
        .first()
    )
    manager, pdu = manager_membership.user, manager_membership.pdu
    inspection = pdu.inspections.order_by("-published").first()
    recommendation = Recommendation.objects.filter(inspection=inspection).order_by("number")[0]
    for user in (lead, manager):
        user.set_password(BENCH_PASSWORD)  # in case the data set came from another run
        user.save(update_fields=["password"])

    def url(name: str, *args, query: str = "") -> str | None:
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            return None

    wanted = [
        ("minimal (anonymous)", None, "/bench/minimal", "baseline"),
        ("minimal (signed in)", "lead", "/bench/minimal", "baseline"),
        ("home (manager)", "manager", url("home"), "page"),
        ("home (lead)", "lead", url("home"), "page"),
        ("inspection", "manager", url("inspection-detail", inspection.pk), "page"),
        ("list (manager)", "manager", url("recommendation-list"), "page"),
        (
            "list, filtered (lead)",
            "lead",
            url("recommendation-list", query="status=in_progress&rag=amber&overdue=on"),
            "page",
        ),
        (
            "list, by standard (lead)",
            "lead",
            url("recommendation-list", query="standard=P+2.1"),
            "page",
        ),
        ("recommendation", "manager", url("recommendation-detail", recommendation.pk), "page"),
        ("region", "lead", url("region-detail", region.pk), "page"),
        ("inspection status", "manager", url("inspection-status", inspection.pk), "page"),
        ("region status", "lead", url("region-status", region.pk), "page"),
        ("inspection csv", "manager", url("inspection-export", inspection.pk, "csv"), "export"),
        ("inspection xlsx", "manager", url("inspection-export", inspection.pk, "xlsx"), "export"),
        ("inspection pdf", "manager", url("inspection-export", inspection.pk, "pdf"), "export"),
        (
            "inspection json",
            "manager",
            url("inspection-export-json", inspection.pk),
            "export",
        ),
        ("region xlsx", "lead", url("region-export", region.pk, "xlsx"), "export"),
        ("region pdf", "lead", url("region-export", region.pk, "pdf"), "export"),
        (
            "list xlsx (lead)",
            "lead",
            url("recommendation-list-export", "xlsx"),
            "export",
        ),
    ]
    targets, missing = [], []
    for name, who, path, kind in wanted:
        if path is None:
            missing.append(name)
        else:
            targets.append({"name": name, "user": who, "path": path, "kind": kind})
    if missing:
        log("Not (yet) in the app's URLs, so not measured: " + ", ".join(missing))
    context = {
        "users": {"lead": lead.username, "manager": manager.username},
        "region": region.name,
        "region_pdus": region.size,
        "pdu": pdu.name,
        "inspection": inspection.pk,
        "recommendation": recommendation.pk,
        "recommendation_updates": recommendation.updates.count(),
    }
    return context, targets


def count_queries(targets: list[dict], usernames: dict[str, str]) -> None:
    """Each target's query count and slowest queries, in-process with the test client."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    clients = {None: TestClient(HTTP_HOST="127.0.0.1")}
    for role, username in usernames.items():
        clients[role] = TestClient(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))
    for target in targets:
        client = clients[target["user"]]
        client.get(target["path"])  # warm caches, as the timed run does
        with CaptureQueriesContext(connection) as context:
            response = client.get(target["path"])
        target["queries"] = len(context.captured_queries)
        target["in_process_status"] = response.status_code
        slowest = sorted(context.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        target["slowest_queries"] = [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slowest[:3]
        ]


def measure(port: int, targets: list[dict], usernames: dict, rounds: int, warmup: int) -> None:
    clients = {None: Client(port, timeout=120)}
    for role, username in usernames.items():
        clients[role] = Client(port, timeout=120)
        clients[role].sign_in(username, BENCH_PASSWORD)
    for target in targets:
        target["times_ms"], target["statuses"] = [], {}
    for round_ in range(warmup + rounds):
        for target in targets:
            response = clients[target["user"]].get(target["path"])
            if round_ >= warmup:
                target["times_ms"].append(response.seconds * 1000)
                key = str(response.status)
                target["statuses"][key] = target["statuses"].get(key, 0) + 1
                target["bytes"] = len(response.body)
        if round_ == warmup - 1:
            log(f"Warmed up; measuring {rounds} rounds...")
    for target in targets:
        target["median_ms"] = statistics.median(target["times_ms"])
        target["p95_ms"] = percentile(target["times_ms"], 0.95)


def judge(targets: list[dict]) -> None:
    """Ratios to both minimal views; pages are held to the signed-in one.

    Every page needs a signed-in session, and loading and saving it (the settings save it
    on every request) is most of what the signed-in minimal view costs over the anonymous
    one, so that is the like-for-like baseline. Both ratios are reported.
    """
    by_name = {t["name"]: t for t in targets}
    anonymous = by_name["minimal (anonymous)"]["median_ms"]
    signed_in = by_name["minimal (signed in)"]["median_ms"]
    for target in targets:
        target["ratio_anonymous"] = target["median_ms"] / anonymous
        target["ratio"] = target["median_ms"] / signed_in
        ok_status = set(target["statuses"]) == {"200"}
        if target["kind"] == "page":
            target["target"] = f"< {PAGE_MEDIAN_MS} ms, < {PAGE_RATIO}x"
            target["met"] = (
                ok_status and target["median_ms"] < PAGE_MEDIAN_MS and target["ratio"] < PAGE_RATIO
            )
        elif target["name"] in EXPORT_LIMITS_MS:
            limit = EXPORT_LIMITS_MS[target["name"]]
            target["target"] = f"< {limit} ms"
            target["met"] = ok_status and target["median_ms"] < limit
        else:
            target["target"] = ""
            target["met"] = ok_status


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


def print_table(targets: list[dict]) -> None:
    header = (
        f"{'target':26} {'median ms':>9} {'p95 ms':>8} {'x signed-in':>11} {'x anon':>7} "
        f"{'queries':>7}  {'held to':18} ok"
    )
    print(header)
    print("-" * len(header))
    for t in targets:
        status = "" if set(t["statuses"]) == {"200"} else f" HTTP {t['statuses']}"
        print(
            f"{t['name']:26} {t['median_ms']:>9.1f} {t['p95_ms']:>8.1f} {t['ratio']:>10.1f}x "
            f"{t['ratio_anonymous']:>6.1f}x {t.get('queries', '?'):>7}  {t['target']:18} "
            f"{'yes' if t['met'] else 'NO'}{status}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--with-tests", action="store_true", help="Also time the test suite.")
    parser.add_argument("--skip-import", action="store_true", help="Do not time import_report.")
    parser.add_argument("--strict", action="store_true", help="Exit 1 if a target is missed.")
    args = parser.parse_args()

    database_url = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        parser.error("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    env = production_env(database_url)
    os.environ.update(
        {
            k: env[k]
            for k in (
                "DATABASE_URL",
                "DJANGO_SETTINGS_MODULE",
                "DEBUG",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
                "SECURE_SSL_REDIRECT",
                "LOG_LEVEL",
            )
        }
    )

    prepare_database(env)
    context, targets = choose_targets()
    log("Collecting static files...")
    manage(env, "collectstatic", "--no-input")
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = Server(env, log_path=RESULTS / "gunicorn.log").start()
    try:
        log(f"gunicorn on 127.0.0.1:{server.port}; signing in and warming up...")
        measure(server.port, targets, context["users"], args.rounds, args.warmup)
    finally:
        server.stop()
    log("Counting queries in-process...")
    count_queries(targets, context["users"])
    judge(targets)

    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": database_url.rsplit("@", 1)[-1],
        "rounds": args.rounds,
        "warmup": args.warmup,
        "context": context,
        "targets": [
            {k: v for k, v in t.items() if k != "times_ms"}
            | {"times_ms": [round(x, 2) for x in t["times_ms"]]}
            for t in targets
        ],
    }
    if not args.skip_import:
        log("Timing import_report of Kirklees in a scratch database...")
        results["import_report_seconds"] = round(time_import(database_url), 2)
    if args.with_tests:
        log("Timing the test suite...")
        results["tests"] = time_tests()

    print(
        f"\n{args.rounds} rounds after {args.warmup} warm-up; "
        f"{context['pdu']} ({context['region']}, {context['region_pdus']} PDUs), "
        "recommendation with "
        f"{context['recommendation_updates']} updates\n"
    )
    print_table(targets)
    if "import_report_seconds" in results:
        print(f"\nimport_report Kirklees (whole command): {results['import_report_seconds']} s")
    if "tests" in results:
        tests = results["tests"]
        print(f"Test suite: {tests['seconds']} s ({tests['summary']})")
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"\nWritten: {RESULTS / 'latest.json'}")
    missed = [t["name"] for t in targets if not t["met"]]
    if missed:
        print("Missed: " + ", ".join(missed))
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
