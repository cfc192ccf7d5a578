"""Earlier code served from the same database, to measure a baseline in the same run.

`--baseline-commit e0db66a` unpacks that commit (git archive, so that the checkout and
its index are left alone) into a folder in the temporary directory, with the current
build of the front-end assets (static/dist is not in git) and its own collectstatic, and
serves it with gunicorn on the same database and settings. Throughput measured there
and on the current code, one after the other, gives a ratio from one run, whatever else
the machine is doing. The earlier code must run on the current schema: later migrations
that only add tables or nullable columns are fine.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import ROOT, log, manage


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


def baseline_env(env: dict[str, str], folder: Path) -> dict[str, str]:
    """The bench's environment, pointed at the earlier code and its own static files."""
    earlier = env | {"PYTHONPATH": str(folder), "STATIC_ROOT": str(folder / "staticfiles")}
    manage(earlier, "collectstatic", "--no-input", root=folder)
    return earlier
