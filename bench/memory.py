"""The peak memory of the gunicorn worker that serves the national exports.

Each export gets a fresh server with ONE sync worker, so that the worker serving it is
known and no earlier export has already raised its peak. The worker is warmed first (a
sign-in, a page and a small export in the same format, so that the modules an export
imports are loaded), then its peak resident size (VmHWM in /proc/<pid>/status) is read
before and after the national export; the growth is what the export cost.
"""

from pathlib import Path

from bench.common import BENCH_PASSWORD, Client, Server, log

GROWTH_LIMIT_MIB = 20


def worker_pids(master_pid: int) -> list[int]:
    """The pids of the gunicorn master's children (its workers)."""
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:  # the process ended while being read
            continue
        if int(fields.get("PPid", "0").strip()) == master_pid:
            children.append(int(status.parent.name))
    return children


def peak_mib(pid: int) -> float:
    """VmHWM, the process's peak resident set size so far, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"No VmHWM in /proc/{pid}/status")


def measure_export_memory(env: dict, exports: list[dict], warm_paths: dict, superuser: str):
    """For each export target: the worker's peak before and after it, in MiB.

    `warm_paths` maps an export's name to a small export in the same format.
    """
    results = []
    for export in exports:
        server = Server(env, workers=1).start()
        try:
            pids = worker_pids(server.process.pid)
            if len(pids) != 1:
                raise RuntimeError(f"Expected one gunicorn worker, found {pids}")
            client = Client(server.port, timeout=300)
            client.sign_in(superuser, BENCH_PASSWORD)
            client.get("/")
            if export["name"] in warm_paths:
                client.get(warm_paths[export["name"]])
            before = peak_mib(pids[0])
            response = client.get(export["path"])
            after = peak_mib(pids[0])
        finally:
            server.stop()
        growth = after - before
        log(f"  {export['name']}: {before:.0f} -> {after:.0f} MiB")
        results.append(
            {
                "name": export["name"],
                "status": response.status,
                "bytes": len(response.body),
                "seconds": round(response.seconds, 2),
                "before_mib": round(before, 1),
                "after_mib": round(after, 1),
                "growth_mib": round(growth, 1),
                "met": response.status == 200 and growth < GROWTH_LIMIT_MIB,
            }
        )
    return results


def print_memory(results: list[dict]) -> None:
    print(
        f"\n{'export (one worker)':28} {'VmHWM before':>12} {'after':>7} {'growth':>8} "
        f"{'seconds':>7} {'KB':>8}  held to     ok"
    )
    for r in results:
        status = "" if r["status"] == 200 else f" HTTP {r['status']}"
        print(
            f"{r['name']:28} {r['before_mib']:>9.1f} MiB {r['after_mib']:>7.1f} "
            f"{r['growth_mib']:>+7.1f}M {r['seconds']:>7.2f} {r['bytes'] / 1024:>8.0f}  "
            f"< +{GROWTH_LIMIT_MIB} MiB   {'yes' if r['met'] else 'NO'}{status}"
        )
