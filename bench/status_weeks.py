"""Time the status-over-time pages in-process: the largest synthetic region against the
smallest, and the 16-PDU region's inspection page, as medians of `--n` requests.

Signing in writes a session row, so run it against a copy of the bench database:

    createdb -h 127.0.0.1 -U postgres tracker_d
    pg_dump -h 127.0.0.1 -U postgres tracker_bench | psql -q -h 127.0.0.1 -U postgres tracker_d
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_d .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_d .venv/bin/python bench/status_weeks.py

Times go through django.test.Client with DEBUG off: compare them with each other within one
run (the ratio of the 16-PDU region to the 5-PDU one), not with the gunicorn benchmark. The
process's CPU time per request is steadier than wall time on a shared machine (it leaves out
the database's own time).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import in_process_production  # noqa: E402

in_process_production("postgres://postgres@127.0.0.1:5432/tracker_d")


def targets() -> list[tuple[str, object, str]]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse

    from inspections.models import Region

    regions = Region.objects.filter(name__startswith="Synthetic Region").annotate(
        size=Count("pdus")
    )
    largest = regions.order_by("-size", "pk").first()
    smallest = regions.order_by("size", "pk").first()
    superuser = get_user_model().objects.filter(is_superuser=True).first()
    if superuser is None:
        superuser = get_user_model().objects.create_superuser("bench-status-weeks", password=None)
    inspection = largest.pdus.order_by("name").first().inspections.order_by("-published").first()
    return [
        (
            f"region status, {smallest.size} PDUs",
            superuser,
            reverse("region-status", args=[smallest.pk]),
        ),
        (
            f"region status, {largest.size} PDUs",
            superuser,
            reverse("region-status", args=[largest.pk]),
        ),
        ("inspection status", superuser, reverse("inspection-status", args=[inspection.pk])),
        (
            f"region status since publication, {largest.size} PDUs",
            superuser,
            reverse("region-status", args=[largest.pk]) + "?period=publication",
        ),
    ]


def measure(user, url: str, n: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(3):
        assert client.get(url).status_code == 200
    times, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), statistics.median(cpu), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    import django

    django.setup()
    results = []
    for name, user, url in targets():
        median, cpu, queries = measure(user, url, args.n)
        results.append((name, median, cpu, queries))
        print(f"{name:<45} {median:7.1f} ms  {cpu:7.1f} ms CPU  {queries:3} queries")
    print(
        f"16-PDU region / 5-PDU region: {results[1][1] / results[0][1]:.2f}x, "
        f"CPU {results[1][2] / results[0][2]:.2f}x"
    )


if __name__ == "__main__":
    main()
