"""Two app servers on one PostgreSQL and one Redis: "app servers are stateless", tested.

Usage (PostgreSQL and Redis running on this machine):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_two_servers \\
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/two_servers.py

It drops and re-creates the scratch database DATABASE_URL names (default tracker_two_servers),
imports the Kirklees report, creates the demo users, and starts two gunicorn instances with
the production settings on two ports, sharing that database, Redis (under a key prefix of its
own, deleted afterwards) and one private media folder. Then it checks:

1. signing in through the form on server 1 gives a session that server 2 accepts;
2. a progress update with an evidence file, logged on server 2 with that session, is saved;
3. the evidence downloaded from server 1 is byte for byte the file uploaded to server 2;
4. AXES_FAILURE_LIMIT failed sign-ins on server 1 lock the account on server 2: the right
   password is refused there with 429 and the locked page.

It prints each check, exits 1 with the reason at the first failure, and always stops both
servers. Every step is bounded in time (--timeout for the whole run).
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Client,
    Response,
    Server,
    drop_database,
    ensure_database,
    log,
    manage,
    production_env,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_two_servers"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
FAILURE_LIMIT = 5
LOCKED_TEXT = "Your account is locked"


class CheckFailed(Exception):
    pass


def check(condition: bool, what: str, detail: str = "") -> None:
    if not condition:
        raise CheckFailed(f"{what}{': ' + detail if detail else ''}")
    print(f"ok: {what}", flush=True)


def prepare(env: dict[str, str]) -> int:
    """A fresh database with Kirklees and the demo users; an open Kirklees recommendation's id."""
    drop_database(env["DATABASE_URL"])
    ensure_database(env["DATABASE_URL"])
    # The demo accounts are refused with DEBUG off; the static files' manifest needs it off.
    development = {**env, "DEBUG": "true"}
    for command_env, command in (
        (development, ["migrate", "--no-input"]),
        (development, ["import_report", "inspections/data/kirklees-2024.md"]),
        (development, ["create_demo_users"]),
        (env, ["collectstatic", "--no-input"]),
    ):
        result = manage(command_env, *command, check=False)
        if result.returncode != 0:
            raise CheckFailed(f"manage.py {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        row = connection.execute(
            "SELECT r.id FROM recommendations_recommendation r "
            "JOIN inspections_inspection i ON i.id = r.inspection_id "
            "JOIN inspections_pdu p ON p.id = i.pdu_id "
            "WHERE p.name = 'Kirklees' AND r.status IN ('not_started', 'in_progress') "
            "ORDER BY i.id DESC, r.id LIMIT 1"
        ).fetchone()
    if not row:
        raise CheckFailed("no open Kirklees recommendation after the import")
    return row[0]


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = f"----two-servers-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_update_with_evidence(client: Client, recommendation: int, evidence: bytes) -> Response:
    page = client.get(f"/recommendations/{recommendation}/")
    check(page.status == 200, "server 2 shows the recommendation to the session from server 1")
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": client.csrf_token(page.text),
            "update-what_was_done": "Two servers: evidence logged on server 2",
            "update-status": "in_progress",
            "update-rag": "amber",
            "update-judgement": "some",
            "update-improvement_still_required": "yes",
        },
        {"update-evidence": ("two-servers.pdf", evidence, "application/pdf")},
    )
    origin = f"http://127.0.0.1:{client.port}"
    return client.request(
        "POST",
        f"/recommendations/{recommendation}/updates/",
        body=body,
        headers={
            "Content-Type": content_type,
            "Origin": origin,
            "Referer": f"{origin}/recommendations/{recommendation}/",
        },
    )


def sign_in_attempt(client: Client, username: str, password: str) -> Response:
    page = client.get("/sign-in/")
    return client.post(
        "/sign-in/",
        {
            "csrfmiddlewaretoken": client.csrf_token(page.text),
            "username": username,
            "password": password,
        },
    )


def run_checks(one: Server, two: Server, recommendation: int, password: str) -> None:
    first = Client(one.port, timeout=30)
    first.sign_in("manager", password)
    check("sessionid" in first.cookies, "signed in through the form on server 1")

    second = Client(two.port, timeout=30)
    second.cookies = dict(first.cookies)
    evidence = b"%PDF-1.4\n% two servers\n" + secrets.token_bytes(4096) + b"\n%%EOF\n"
    saved = post_update_with_evidence(second, recommendation, evidence)
    check(
        saved.status == 303, "server 2 saved the update with its evidence", f"HTTP {saved.status}"
    )

    page = first.get(f"/recommendations/{recommendation}/")
    links = re.findall(r'href="([^"]*/evidence/[0-9a-f-]{36}/)"', page.text)
    check(bool(links), "server 1 lists the evidence logged on server 2")
    download = first.get(links[0])
    check(download.status == 200, "server 1 serves the evidence", f"HTTP {download.status}")
    check(
        download.body == evidence, f"the download is the upload, byte for byte ({len(evidence)} B)"
    )

    attacker = Client(one.port, timeout=30)
    for attempt in range(FAILURE_LIMIT):
        refused = sign_in_attempt(attacker, "lead", f"wrong password {attempt}")
        check(refused.status in (400, 429), f"server 1 refuses wrong password {attempt + 1}")
    locked = sign_in_attempt(Client(two.port, timeout=30), "lead", password)
    check(
        locked.status == 429 and LOCKED_TEXT in locked.text,
        "server 2 refuses the right password after the lockout on server 1, with the locked page",
        f"HTTP {locked.status}",
    )


def redis_keys(redis_url: str, prefix: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        return [key.decode() for key in client.scan_iter(match=f"{prefix}:*")]
    finally:
        client.close()


def check_state_in_redis(redis_url: str, prefix: str) -> None:
    """The session and the failure count are in Redis, not only in the shared database."""
    keys = redis_keys(redis_url, prefix)
    sessions = [key for key in keys if "django.contrib.sessions.cached_db" in key]
    failures = [key for key in keys if ":axes-" in key]
    check(bool(sessions), f"Redis holds the sessions ({len(sessions)} under {prefix})")
    check(bool(failures), f"Redis holds the failed sign-ins ({len(failures)} keys)")


def delete_redis_prefix(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=int, default=300, help="Seconds for the whole run.")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()

    database_url = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.getenv("REDIS_URL", DEFAULT_REDIS_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        parser.error("DATABASE_URL must point at PostgreSQL: the two servers share it")
    prefix = f"two-servers-{uuid.uuid4().hex[:8]}"
    password = secrets.token_urlsafe(12)
    media = tempfile.mkdtemp(prefix="two-servers-media-")
    env = production_env(
        database_url,
        DJANGO_SETTINGS_MODULE="kirklees_tracker.settings",
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=prefix,
        PRIVATE_MEDIA_ROOT=media,
        DEMO_PASSWORD=password,
        AXES_FAILURE_LIMIT=str(FAILURE_LIMIT),
    )

    def out_of_time(*_):
        raise CheckFailed(f"the run took longer than {args.timeout} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.alarm(args.timeout)
    servers: list[Server] = []
    logs = Path(__file__).resolve().parent / "results"
    logs.mkdir(exist_ok=True)
    try:
        log("Preparing a fresh database with Kirklees and the demo users...")
        recommendation = prepare(env)
        for number in (1, 2):
            server = Server(env, workers=1, log_path=logs / f"two-servers-{number}.log")
            servers.append(server)
            server.start(timeout=60)
        log(f"Servers on ports {servers[0].port} and {servers[1].port}")
        run_checks(servers[0], servers[1], recommendation, password)
        check_state_in_redis(redis_url, prefix)
    except (CheckFailed, RuntimeError, OSError) as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    finally:
        signal.alarm(0)
        for server in servers:
            server.stop()
        delete_redis_prefix(redis_url, prefix)
        if not args.keep_database:
            drop_database(database_url)
        shutil.rmtree(media, ignore_errors=True)
    print("OK: two app servers share sessions, evidence and lockouts.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
