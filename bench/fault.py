"""Restart PostgreSQL under load and check that no acknowledged update is lost.

Usage (as root or the postgres user, on a machine whose PostgreSQL may be restarted):

    bench/fault.sh                      # the wrapper: restarts PostgreSQL whatever happens
    .venv/bin/python bench/fault.py --duration 40 --outage 5

It builds a small synthetic data set in its own database (DATABASE_URL, default
tracker_fault on 127.0.0.1, dropped and re-created), starts gunicorn with the production
settings, and runs a bounded load: --clients threads, each signed in as the PDU manager,
posting progress updates (each with a unique marker) and reading pages. A third of the
way in it stops PostgreSQL, waits --outage seconds and starts it again. Then it asserts:

- no response was a 500 or anything but 200, 303 and 503; every 503 is the
  "service is unavailable" page, with no traceback;
- there were 503s during the outage (so the fault really was felt);
- the service recovered by itself: the last --recovery-window seconds all succeeded;
- every update answered with 303 (saved) is in the database, and the recommendation's
  position is its latest update's.

It prints a summary and exits 1 if any check fails. PostgreSQL is started again on the
way out, even on failure or Ctrl-C.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH_PASSWORD,
    Client,
    Server,
    drop_database,
    ensure_database,
    log,
    manage,
    production_env,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_fault"
UNAVAILABLE_TEXT = "Sorry, the service is unavailable"


def cluster() -> list[str]:
    """pg_ctlcluster's version and name for the local cluster (the newest version)."""
    version = (
        os.getenv("PG_VERSION")
        or sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
    )
    return [version, os.getenv("PG_CLUSTER", "main")]


def pg_ctl(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster(), action],
        check=True,
        capture_output=True,
    )


def pg_running() -> bool:
    result = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    version, name = cluster()
    return any(
        line.split()[:2] == [version, name] and "online" in line
        for line in result.stdout.splitlines()
    )


def ensure_pg_running(timeout: float = 60) -> None:
    if not pg_running():
        log("Starting PostgreSQL again...")
        pg_ctl("start")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not come back")


def prepare(env: dict[str, str]) -> dict:
    """A fresh database with one small synthetic region; the manager and a recommendation."""
    drop_database(env["DATABASE_URL"])
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--no-input")
    manage(
        env,
        "generate_synthetic",
        "--regions=1",
        "--pdus=1",
        "--pdus-per-region=1",
        "--inspections-per-pdu=1",
        "--updates-per-recommendation=3",
        f"--password={BENCH_PASSWORD}",
    )
    manage(env, "collectstatic", "--no-input")
    import django

    django.setup()
    from recommendations.models import Recommendation, Status

    recommendation = (
        Recommendation.objects.filter(status__in=[Status.NOT_STARTED, Status.IN_PROGRESS])
        .order_by("pk")
        .first()
    )
    from django.db import connection

    connection.close()
    return {"manager": "synthetic-manager-1", "recommendation": recommendation.pk}


class Load:
    """Clients posting marked updates and reading pages until the deadline."""

    def __init__(self, port: int, context: dict, clients: int, run_id: str):
        self.port = port
        self.context = context
        self.clients = clients
        self.run_id = run_id
        self.records: list[dict] = []
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def record(self, **fields) -> None:
        fields["t"] = time.monotonic() - self.started
        with self.lock:
            self.records.append(fields)

    def run(self, index: int, deadline: float) -> None:
        rec = self.context["recommendation"]
        page, post_url = f"/recommendations/{rec}/", f"/recommendations/{rec}/updates/"
        client = Client(self.port, timeout=30)
        client.sign_in(self.context["manager"], BENCH_PASSWORD)
        token = client.csrf_token(client.get(page).text)
        number = 0
        while time.monotonic() < deadline:
            number += 1
            marker = f"fault-{self.run_id}-{index}-{number}"
            self.request(
                client,
                "post",
                post_url,
                marker,
                {
                    "csrfmiddlewaretoken": token,
                    "update-what_was_done": marker,
                    "update-status": "in_progress",
                    "update-rag": "amber",
                    "update-judgement": "some",
                    "update-improvement_still_required": "yes",
                },
            )
            for path in (page, "/recommendations/?status=in_progress", "/"):
                self.request(client, "get", path)
            time.sleep(0.05)

    def request(self, client: Client, kind: str, path: str, marker: str = "", fields=None):
        try:
            response = client.post(path, fields) if kind == "post" else client.get(path)
        except OSError as error:
            self.record(kind=kind, path=path, marker=marker, status=None, error=repr(error))
            return
        self.record(
            kind=kind,
            path=path,
            marker=marker,
            status=response.status,
            unavailable_page=UNAVAILABLE_TEXT in response.text,
            traceback="Traceback" in response.text,
            seconds=response.seconds,
            snippet=(
                ""
                if response.status in (200, 303, 503)
                else " ".join(re.sub(r"<[^>]+>", " ", response.text).split())[:80]
            ),
        )


def saved_markers(database_url: str, run_id: str) -> set[str]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT what_was_done FROM recommendations_progressupdate WHERE what_was_done LIKE %s",
            [f"fault-{run_id}-%"],
        ).fetchall()
    return {row[0] for row in rows}


def position_matches_latest(database_url: str, recommendation: int) -> bool:
    import psycopg

    with psycopg.connect(database_url) as connection:
        current = connection.execute(
            "SELECT status, rag, judgement, position_updated_at "
            "FROM recommendations_recommendation WHERE id = %s",
            [recommendation],
        ).fetchone()
        latest = connection.execute(
            "SELECT status, rag, judgement, created_at FROM recommendations_progressupdate "
            "WHERE recommendation_id = %s ORDER BY created_at DESC, id DESC LIMIT 1",
            [recommendation],
        ).fetchone()
    return current == latest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=40, help="Seconds of load.")
    parser.add_argument("--outage", type=float, default=5, help="Seconds PostgreSQL is down.")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--recovery-window", type=float, default=8)
    args = parser.parse_args()
    if args.duration > 300 or args.clients > 16:
        parser.error("Keep the load bounded: --duration up to 300 s, --clients up to 16.")

    database_url = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(database_url, DJANGO_SETTINGS_MODULE="kirklees_tracker.settings")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")})
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")})
    # Ctrl-C or a kill still runs the `finally` below, which starts PostgreSQL again.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    ensure_pg_running()
    server = None
    try:
        log("Preparing a fresh database...")
        context = prepare(env)
        log_path = Path(__file__).resolve().parent / "results" / "fault-gunicorn.log"
        log_path.parent.mkdir(exist_ok=True)
        server = Server(env, log_path=log_path).start()
        run_id = uuid.uuid4().hex[:8]
        load = Load(server.port, context, args.clients, run_id)
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=load.run, args=(index, deadline), daemon=True)
            for index in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        log(f"Load running for {args.duration:.0f} s with {args.clients} clients...")

        time.sleep(args.duration / 3)
        down_at = time.monotonic() - load.started
        log("Stopping PostgreSQL...")
        pg_ctl("stop")
        time.sleep(args.outage)
        log("Starting PostgreSQL...")
        pg_ctl("start")
        ensure_pg_running()
        up_at = time.monotonic() - load.started
        for thread in threads:
            thread.join(timeout=args.duration + 60)
        if any(thread.is_alive() for thread in threads):
            raise RuntimeError("A load thread did not finish in time")
    finally:
        if server:
            server.stop()
        ensure_pg_running()

    records = load.records
    acknowledged = {r["marker"] for r in records if r["kind"] == "post" and r["status"] == 303}
    saved = saved_markers(database_url, run_id)
    statuses = Counter(str(r["status"]) for r in records)
    outage = [r for r in records if down_at <= r["t"] <= up_at + 2]
    end = max(r["t"] for r in records)
    tail = [r for r in records if r["t"] >= end - args.recovery_window]
    bad_503 = [r for r in records if r["status"] == 503 and not r["unavailable_page"]]
    failures = []
    if statuses.get("500") or any(r["traceback"] for r in records if r["status"]):
        failures.append(f"{statuses.get('500', 0)} responses were 500s or showed a traceback")
    unexpected = {s: n for s, n in statuses.items() if s not in ("200", "303", "503")}
    if unexpected:
        failures.append(f"unexpected outcomes: {unexpected} (None is a connection error)")
        for r in records:
            if str(r["status"]) in unexpected:
                detail = r.get("snippet") or r.get("error", "")
                print(f"  at {r['t']:.1f} s {r['kind']} {r['path']}: {r['status']} {detail}")
    if bad_503:
        failures.append(f"{len(bad_503)} 503s were not the service-unavailable page")
    if not any(r["status"] == 503 for r in outage):
        failures.append("no 503 during the outage: the fault was not felt")
    if not tail or any(r["status"] not in (200, 303) for r in tail):
        failures.append(f"not recovered: the last {args.recovery_window:.0f} s had failures")
    lost = acknowledged - saved
    if lost:
        failures.append(f"{len(lost)} acknowledged updates are missing: {sorted(lost)[:5]}")
    if not position_matches_latest(database_url, context["recommendation"]):
        failures.append("the recommendation's position is not its latest update's")

    print(f"PostgreSQL down from {down_at:.1f} s to {up_at:.1f} s of a {end:.1f} s run")
    print(f"Requests: {len(records)}; outcomes: {dict(sorted(statuses.items()))}")
    print(f"During the outage: {Counter(str(r['status']) for r in outage)}")
    print(
        f"Updates acknowledged: {len(acknowledged)}; in the database: {len(saved)} "
        f"(saved but unacknowledged: {len(saved - acknowledged)}); lost: {len(lost)}"
    )
    slowest = max((r.get("seconds") or 0) for r in records)
    print(f"Slowest answer: {slowest:.1f} s")
    if failures:
        print("FAILED:\n  - " + "\n  - ".join(failures))
        return 1
    print("OK: 503 during the outage, recovered by itself, no acknowledged update lost.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
