"""Throughput and p95 with several clients at once, over a fixed mix of pages.

Each client is a thread with its own bench/common Client, signed in as one user: three
in four are PDU managers, one in four a regional lead, as the service has many more
managers than leads. Each picks its next page at random (seeded) from its role's pages,
weighted as people use them: home and the recommendation most, the status pages least.
After a warm-up, every request that ends within the fixed measuring time counts.
"""

import random
import statistics
import threading
import time

from bench.common import BENCH_PASSWORD, Client, log, percentile

# Weights of the page targets (bench/targets.py names) in the mix, by who fetches them.
MIX = {
    "manager": {
        "home (manager)": 4,
        "list (manager)": 2,
        "inspection": 2,
        "recommendation": 4,
        "recommendation, 500 updates": 1,
        "inspection status": 1,
    },
    "lead": {
        "home (lead)": 4,
        "list, filtered (lead)": 2,
        "list, by standard (lead)": 1,
        "region": 2,
        "region status": 1,
    },
}
CLIENT_COUNTS = (4, 16)

# The code before the work on issue 11 (as the session began), and its figures measured
# with this module (2 sync workers, this mix, 15 s each after 3 s) on a machine that
# other jobs kept busy (load average 3-4 on its 2 cores), from the working tree at
# e0db66a. The target is twice the figure at 16 clients. The bench measures the code at
# "commit" in the same run (bench/baseline.py) and falls back on "rps" if it cannot.
BASELINE = {
    "commit": "ed1a27a",
    "date": "2026-12-01",
    "machine": "2 vCPU AMD EPYC, PostgreSQL 15, gunicorn and the clients on one machine, busy",
    "rps": {4: 20.5, 16: 23.7},
}


def role_of(index: int) -> str:
    return "lead" if index % 4 == 3 else "manager"


def run_load(
    port: int,
    targets: list[dict],
    usernames: dict[str, str],
    clients: int,
    seconds: float = 15,
    warmup: float = 3,
    seed: int = 11,
) -> dict:
    """Requests a second, median and p95 (ms) of `clients` clients over the mix."""
    paths = {t["name"]: t["path"] for t in targets}
    mixes = {
        role: [(paths[name], weight) for name, weight in weights.items() if name in paths]
        for role, weights in MIX.items()
    }
    sessions = []
    for index in range(clients):
        client = Client(port, timeout=120)
        client.sign_in(usernames[role_of(index)], BENCH_PASSWORD)
        sessions.append(client)
    times: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start = time.monotonic() + 0.5 + warmup
    end = start + seconds
    ready = threading.Barrier(clients)

    def work(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        choices, weights = zip(*mixes[role_of(index)], strict=True)
        ready.wait()
        while True:
            path = rng.choices(choices, weights)[0]
            response = sessions[index].get(path)
            finished = time.monotonic()
            if finished >= end:
                return
            if finished >= start and finished - response.seconds >= start:
                times[index].append(response.seconds * 1000)
                if response.status != 200:
                    failures[index] += 1

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [ms for client_times in times for ms in client_times]
    return {
        "clients": clients,
        "seconds": seconds,
        "warmup_seconds": warmup,
        "requests": len(every),
        "failures": sum(failures),
        "rps": len(every) / seconds,
        "median_ms": statistics.median(every) if every else float("nan"),
        "p95_ms": percentile(every, 0.95) if every else float("nan"),
    }


def measure_throughput(ports: dict[str, int], targets: list, usernames: dict, seconds: float):
    """Each server's results by client count, the servers taking turns at each count, in
    the reverse order at the next (so that a machine getting busier or quieter, or a
    server going first, weighs on all of them alike)."""
    results: dict[str, list] = {label: [] for label in ports}
    for turn, clients in enumerate(CLIENT_COUNTS):
        order = list(ports.items())
        for label, port in order if turn % 2 == 0 else reversed(order):
            log(f"Throughput of the {label} code with {clients} clients for {seconds:.0f} s...")
            results[label].append(run_load(port, targets, usernames, clients, seconds=seconds))
    return results


def baseline_rps(earlier: list[dict] | None) -> tuple[dict[int, float], str]:
    """Requests a second by client count: measured in this run if it was, else BASELINE's."""
    if earlier:
        return {
            r["clients"]: r["rps"] for r in earlier
        }, f"code at {earlier[0]['commit']}, this run"
    return BASELINE["rps"], f"{BASELINE['commit']} on {BASELINE['date']}, {BASELINE['machine']}"


def print_throughput(results: list[dict], earlier: list[dict] | None = None) -> None:
    before, source = baseline_rps(earlier)
    print(
        f"\n{'clients':>7} {'requests/s':>10} {'median ms':>9} {'p95 ms':>8} "
        f"{'failed':>6}  baseline"
    )
    for r in results:
        then = before.get(r["clients"])
        versus = f"{then:.1f} req/s ({r['rps'] / then:.2f}x)" if then else "-"
        print(
            f"{r['clients']:>7} {r['rps']:>10.1f} {r['median_ms']:>9.1f} {r['p95_ms']:>8.1f} "
            f"{r['failures']:>6}  {versus}"
        )
    print(f"(baseline: {source}; mix: {MIX})")
