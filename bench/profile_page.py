"""Profile the benchmark's pages in-process: time, queries and (optionally) a cProfile.

Signing in writes a session row, so run it against a copy of the bench database, not
tracker_bench itself:

    createdb -h 127.0.0.1 -U postgres tracker_mine
    pg_dump -h 127.0.0.1 -U postgres tracker_bench | psql -q -h 127.0.0.1 -U postgres tracker_mine
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_mine \\
        .venv/bin/python bench/profile_page.py recommendation --n 50 [--profile] [--sql]

Targets: recommendation, home-lead, home-manager, list-manager, list-filtered, list-standard,
inspection, inspection-status, region, region-status. Times are medians of `--n` requests
through django.test.Client with DEBUG off; compare them with each other within one run, not
with the gunicorn benchmark.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import in_process_production  # noqa: E402

in_process_production("postgres://postgres@127.0.0.1:5432/tracker_f")


def targets() -> dict[str, tuple]:
    """(user, url) for each target, chosen as bench/run.py chooses them, without writing."""
    from django.urls import reverse

    from bench.dataset import bench_choice
    from recommendations.models import Recommendation

    chosen = bench_choice()
    manager, lead, inspection = chosen["manager"], chosen["lead"], chosen["inspection"]
    recommendation = Recommendation.objects.filter(inspection=inspection).order_by("number")[0]
    listing = reverse("recommendation-list")
    return {
        "recommendation": (manager, reverse("recommendation-detail", args=[recommendation.pk])),
        "home-lead": (lead, reverse("home")),
        "home-manager": (manager, reverse("home")),
        "list-manager": (manager, listing),
        "list-filtered": (lead, listing + "?status=in_progress&rag=amber&overdue=on"),
        "list-standard": (lead, listing + "?standard=P+2.1"),
        "inspection": (manager, reverse("inspection-detail", args=[inspection.pk])),
        "inspection-status": (manager, reverse("inspection-status", args=[inspection.pk])),
        "region": (lead, reverse("region-detail", args=[chosen["region"].pk])),
        "region-status": (lead, reverse("region-status", args=[chosen["region"].pk])),
    }


def measure(
    name: str, user, url: str, n: int, profile: bool, sql: bool, dump: str | None = None
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: the next request's request_started clears the connection's log.
    captured = list(queries.captured_queries)
    times, cpu = [], []
    profiler = cProfile.Profile() if profile else None
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        client.get(url)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(
        f"{name:16} median {statistics.median(times):6.1f} ms  min {min(times):6.1f} ms  "
        f"CPU median {statistics.median(cpu):6.1f} ms  "
        f"{len(captured):3} queries  {len(response.content):7} bytes  {url}"
    )
    if sql:
        for query in captured:
            print(f"  {query['time']}s  {query['sql'][:400]}")
    if profiler and dump:
        profiler.dump_stats(f"{dump}.{name}.prof")
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="targets (default: all)")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print a cProfile")
    parser.add_argument("--sql", action="store_true", help="print the queries of one request")
    parser.add_argument("--dump", help="with --profile, also write each page's to DUMP.<page>.prof")
    args = parser.parse_args()

    import django

    django.setup()
    chosen = targets()
    for name in args.names or chosen:
        user, url = chosen[name]
        measure(name, user, url, args.n, args.profile, args.sql, args.dump)


if __name__ == "__main__":
    main()
