"""Earlier code served from the same database, to measure a baseline in the same run.

`--baseline-commit e0db66a` unpacks that commit (git archive, so that the checkout and
its index are left alone) into a folder in the temporary directory, with the current
build of the front-end assets (static/dist is not in git) and its own collectstatic, and
serves it with gunicorn on the same data and settings. Throughput measured there and on
the current code, one after the other, gives a ratio from one run, whatever else the
machine is doing. The earlier code gets a copy of the database, migrated back (by the
current code) to the latest migration each of its apps has, so that a renamed column
reads as it did then.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import ROOT, copy_database, database_name, database_url_named, log, manage


def unpack(commit: str) -> Path:
    """The folder holding the code at `commit`, unpacked once."""
    full = subprocess.run(
        ["git", "rev-parse", "--verify", f"{commit}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    folder = Path(tempfile.gettempdir()) / f"kirklees-bench-code-{full[:12]}"
    if not (folder / "manage.py").exists():
        log(f"Unpacking the code at {full[:12]} into {folder}...")
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(["git", "archive", full], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(folder)], stdin=archive.stdout, check=True)
        archive.wait()
        if (ROOT / "static" / "dist").exists():
            shutil.copytree(
                ROOT / "static" / "dist", folder / "static" / "dist", dirs_exist_ok=True
            )
    return folder


def latest_migrations(folder: Path) -> dict[str, str]:
    """Each app's latest migration in the code at `folder`."""
    found = {}
    for migrations in folder.glob("*/migrations"):
        names = sorted(p.stem for p in migrations.glob("[0-9][0-9][0-9][0-9]_*.py"))
        if names:
            found[migrations.parent.name] = names[-1]
    return found


def baseline_database_url(env: dict[str, str]) -> str:
    """Where the earlier code's copy of the database goes: the bench database's name + _baseline."""
    url = env["DATABASE_URL"]
    return database_url_named(url, f"{database_name(url)}_baseline")


def baseline_env(env: dict[str, str], folder: Path) -> dict[str, str]:
    """The bench's environment, pointed at the earlier code, its own static files and its own
    copy of the database at the schema that code knows."""
    copy_url = baseline_database_url(env)
    log("Copying the database for the earlier code...")
    copy_database(env["DATABASE_URL"], copy_url)
    for app, migration in sorted(latest_migrations(folder).items()):
        manage(env | {"DATABASE_URL": copy_url}, "migrate", app, migration, "--no-input")
    earlier = env | {
        "DATABASE_URL": copy_url,
        "PYTHONPATH": str(folder),
        "STATIC_ROOT": str(folder / "staticfiles"),
    }
    manage(earlier, "collectstatic", "--no-input", root=folder)
    return earlier
