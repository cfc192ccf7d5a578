"""The bench's verdicts on issue 11's targets, from a run's figures."""

from bench.load import BASELINE
from bench.targets import judge
from bench.verdict import verdicts


def target(name, median_ms, kind="page", queries=10, size=50_000, user="manager"):
    return {
        "name": name,
        "kind": kind,
        "user": user,
        "median_ms": median_ms,
        "times_ms": [median_ms],
        "statuses": {"200": 1},
        "queries": queries,
        "bytes": size,
    }


def pages(long_ms=22, long_queries=17, long_size=52_000, slowest_ms=28):
    found = [
        target("minimal (anonymous)", 2, kind="baseline", queries=0, user=None),
        target("minimal (signed in)", 3, kind="baseline", queries=2),
        target("recommendation", 20, queries=17, size=50_000),
        target("recommendation, 500 updates", long_ms, queries=long_queries, size=long_size),
        target("region status", slowest_ms),
    ]
    judge(found)
    return found


def verdict_named(found, start):
    return next(v for v in found if v[0].startswith(start))


def test_pages_fast_enough_and_within_15_times_the_anonymous_view_meet_the_target():
    assert verdict_named(verdicts(pages(), None, None), "every page")[2]


def test_a_page_over_15_times_the_anonymous_view_misses_it_even_under_50_ms():
    found = verdicts(pages(slowest_ms=31), None, None)
    assert not verdict_named(found, "every page")[2]


def test_a_page_over_50_ms_misses_it():
    found = pages()
    for page in found:
        page["median_ms"] *= 3
    judge(found)
    assert not verdict_named(verdicts(found, None, None), "every page")[2]


def test_the_long_history_meets_its_target_when_it_costs_what_the_short_one_does():
    assert verdict_named(verdicts(pages(), None, None), "500 updates")[2]


def test_the_long_history_misses_when_it_takes_more_queries():
    found = verdicts(pages(long_queries=18), None, None)
    assert not verdict_named(found, "500 updates")[2]


def test_the_long_history_misses_when_its_page_is_much_larger():
    found = verdicts(pages(long_size=60_000), None, None)
    assert not verdict_named(found, "500 updates")[2]


def test_the_long_history_misses_when_it_takes_much_longer():
    found = verdicts(pages(long_ms=26), None, None)
    assert not verdict_named(found, "500 updates")[2]


def test_exports_under_20_mib_of_growth_meet_the_memory_target():
    memory = [{"name": "national csv", "growth_mib": 12.0, "met": True}]
    assert verdict_named(verdicts(None, memory, None), "national exports")[2]


def test_an_export_growing_the_worker_20_mib_or_more_misses_it():
    memory = [
        {"name": "national csv", "growth_mib": 12.0, "met": True},
        {"name": "national xlsx", "growth_mib": 20.5, "met": False},
    ]
    assert not verdict_named(verdicts(None, memory, None), "national exports")[2]


def load(rps, failures=0):
    return [{"clients": 16, "rps": rps, "p95_ms": 100, "failures": failures}]


def test_throughput_is_judged_against_the_baseline_measured_in_the_same_run():
    earlier = [{"clients": 16, "rps": 10, "commit": "ed1a27a"}]
    assert verdict_named(verdicts(None, None, load(20), earlier), "throughput")[2]
    assert not verdict_named(verdicts(None, None, load(19.9), earlier), "throughput")[2]


def test_throughput_falls_back_on_the_recorded_baseline_without_a_measured_one():
    recorded = BASELINE["rps"][16]
    assert verdict_named(verdicts(None, None, load(2 * recorded)), "throughput")[2]
    assert not verdict_named(verdicts(None, None, load(1.5 * recorded)), "throughput")[2]


def test_throughput_with_failed_requests_misses_the_target():
    earlier = [{"clients": 16, "rps": 10, "commit": "ed1a27a"}]
    found = verdicts(None, None, load(50, failures=1), earlier)
    assert not verdict_named(found, "throughput")[2]


def test_only_the_parts_measured_are_judged():
    memory = [{"name": "national csv", "growth_mib": 1.0, "met": True}]
    assert [v[0].split()[0] for v in verdicts(None, memory, None)] == ["national"]
