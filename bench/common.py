"""What the benchmark and the fault test share: the database, the server and an HTTP client.

Standard library only (urllib's cookie jar will not send the Secure cookies production
settings set over plain HTTP on loopback, so cookies are kept by hand here).
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
BENCH_PASSWORD = "bench synthetic password"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment production runs with, pointed at the bench settings and database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def in_process_production(default_database_url: str) -> None:
    """Set up the environment for timing pages in this process through Django's test client:
    production settings (DEBUG off) on `default_database_url` unless DATABASE_URL is set."""
    os.environ.setdefault("DATABASE_URL", default_database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirklees_tracker.settings")
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOG_LEVEL="WARNING",
    )


def ensure_database(database_url: str) -> bool:
    """Create the PostgreSQL database if it is missing; True if it was created."""
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return not exists


def drop_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(source_url: str, copy_url: str) -> None:
    """Make `copy_url`'s database a fresh copy of `source_url`'s (PostgreSQL's TEMPLATE copy,
    which needs every other connection to the source closed first)."""
    import psycopg

    parts = urllib.parse.urlsplit(source_url)
    source = parts.path.lstrip("/")
    copy = urllib.parse.urlsplit(copy_url).path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')


def database_url_named(database_url: str, name: str) -> str:
    """`database_url` with its database name replaced by `name` (its options kept)."""
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(database_url)._replace(path=f"/{name}"))


def database_name(database_url: str) -> str:
    return urllib.parse.urlsplit(database_url).path.lstrip("/")


def manage(
    env: dict[str, str], *args: str, check: bool = True, root: Path = ROOT
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=root, env=env, check=check, capture_output=True, text=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as production runs it, on a free loopback port, stopped by its own pid."""

    def __init__(
        self,
        env: dict[str, str],
        workers: int = 2,
        log_path: Path | None = None,
        root: Path = ROOT,
    ):
        self.env = env
        self.root = root
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "Server":
        output = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "kirklees_tracker.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
            ],
            cwd=self.root,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes, seconds: float):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One browser: its own cookies, a new connection per request (gunicorn's sync workers
    close each one)."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            seconds = time.perf_counter() - started
            result = Response(response.status, response.getheaders(), data, seconds)
        finally:
            connection.close()
        for name, value in result.headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(morsel.key, None)
                    else:
                        self.cookies[morsel.key] = morsel.value
        return result

    def get(self, path: str, headers=None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict, headers=None) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
                **(headers or {}),
            },
        )

    def csrf_token(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError("No CSRF token in the form")
        return match.group(1)

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/sign-in/")
        response = self.post(
            "/sign-in/",
            {
                "csrfmiddlewaretoken": self.csrf_token(page.text),
                "username": username,
                "password": password,
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} failed: HTTP {response.status}")
