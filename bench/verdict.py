"""Issue 11's targets, judged from one run's figures, printed as met or NOT met."""

from bench.load import baseline_rps
from bench.memory import GROWTH_LIMIT_MIB
from bench.targets import PAGE_MEDIAN_MS, PAGE_RATIO_ANONYMOUS

LONG_TIME_RATIO = 1.25
LONG_SIZE_RATIO = 1.1
THROUGHPUT_FACTOR = 2


def verdicts(targets: list | None, memory: list | None, load: list | None, earlier=None) -> list:
    """(target, what was measured, met) for each target this run measured."""
    found = []
    if targets:
        pages = [t for t in targets if t["kind"] == "page"]
        slow = [t["name"] for t in pages if not t["met"]]
        worst = max(pages, key=lambda t: t["median_ms"])
        widest = max(pages, key=lambda t: t["ratio_anonymous"])
        found.append(
            (
                f"every page < {PAGE_MEDIAN_MS} ms median, < {PAGE_RATIO_ANONYMOUS}x anonymous",
                f"slowest {worst['name']} {worst['median_ms']:.1f} ms; widest "
                f"{widest['name']} {widest['ratio_anonymous']:.1f}x anon "
                f"({widest['ratio']:.1f}x signed-in)"
                + (f"; missed: {', '.join(slow)}" if slow else ""),
                not slow,
            )
        )
        found.append(_long_history(targets))
    if memory:
        worst = max(memory, key=lambda r: r["growth_mib"])
        found.append(
            (
                f"national exports < +{GROWTH_LIMIT_MIB} MiB on the worker",
                ", ".join(f"{r['name']} {r['growth_mib']:+.1f} MiB" for r in memory),
                all(r["met"] for r in memory) and worst["growth_mib"] < GROWTH_LIMIT_MIB,
            )
        )
    if load:
        at_16 = next((r for r in load if r["clients"] == 16), None)
        before = baseline_rps(earlier)[0].get(16)
        if at_16 and before:
            found.append(
                (
                    f"throughput at 16 clients >= {THROUGHPUT_FACTOR}x {before:.1f} req/s",
                    f"{at_16['rps']:.1f} req/s ({at_16['rps'] / before:.2f}x), "
                    f"p95 {at_16['p95_ms']:.0f} ms, {at_16['failures']} failed",
                    at_16["failures"] == 0 and at_16["rps"] >= THROUGHPUT_FACTOR * before,
                )
            )
    return found


def _long_history(targets: list[dict]) -> tuple[str, str, bool]:
    name = (
        f"500 updates vs 50: time <= {LONG_TIME_RATIO}x, size <= {LONG_SIZE_RATIO}x, same queries"
    )
    by_name = {t["name"]: t for t in targets}
    short, long = by_name.get("recommendation"), by_name.get("recommendation, 500 updates")
    if not (short and long):
        return name, "the 500-update recommendation was not measured", False
    time_ratio = long["median_ms"] / short["median_ms"]
    size_ratio = long["bytes"] / short["bytes"]
    queries = (short.get("queries"), long.get("queries"))
    return (
        name,
        f"time {time_ratio:.2f}x, size {size_ratio:.2f}x ({long['bytes'] / 1024:.0f} KB vs "
        f"{short['bytes'] / 1024:.0f} KB), queries {queries[1]} vs {queries[0]}",
        time_ratio <= LONG_TIME_RATIO
        and size_ratio <= LONG_SIZE_RATIO
        and queries[0] is not None
        and queries[0] == queries[1],
    )


def print_verdicts(found: list) -> None:
    print("\nIssue 11's targets (all from this run):")
    for name, measured, met in found:
        print(f"  {'met    ' if met else 'NOT met'}  {name}: {measured}")
