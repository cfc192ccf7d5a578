"""The pages and exports the bench fetches, timed round-robin, with their query counts.

Every target is fetched by one signed-in user (or none), the same way in every round,
so that all targets share the same conditions. Times are wall times on the client, from
sending the request to reading the last byte; sizes are the bytes of the body.
"""

import statistics

from bench.common import BENCH_PASSWORD, Client, log, percentile

PAGE_MEDIAN_MS = 50
PAGE_RATIO_ANONYMOUS = 15
EXPORT_LIMITS_MS = {"region xlsx": 2000, "inspection pdf": 3000, "region pdf": 3000}
# The national exports take seconds: fetched in one round in this many.
NATIONAL_EVERY = 5


def choose_targets() -> tuple[dict, list[dict]]:
    """The signed-in users and the URLs to fetch, from the synthetic data set."""
    from django.urls import NoReverseMatch, reverse

    from bench.dataset import SUPERUSER, bench_choice, long_history_recommendation

    chosen = bench_choice()
    region, lead, manager, pdu = (chosen[k] for k in ("region", "lead", "manager", "pdu"))
    inspection = chosen["inspection"]
    long_one = long_history_recommendation(inspection)
    recommendation = most_like(inspection, long_one)
    for user in (lead, manager):
        user.set_password(BENCH_PASSWORD)  # in case the data set came from another run
        user.save(update_fields=["password"])

    def url(name: str, *args, query: str = "") -> str | None:
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            return None

    wanted = [
        ("minimal (anonymous)", None, "/bench/minimal", "baseline"),
        ("minimal (signed in)", "lead", "/bench/minimal", "baseline"),
        ("home (manager)", "manager", url("home"), "page"),
        ("home (lead)", "lead", url("home"), "page"),
        ("inspection", "manager", url("inspection-detail", inspection.pk), "page"),
        ("list (manager)", "manager", url("recommendation-list"), "page"),
        (
            "list, filtered (lead)",
            "lead",
            url("recommendation-list", query="status=in_progress&rag=amber&overdue=on"),
            "page",
        ),
        (
            "list, by standard (lead)",
            "lead",
            url("recommendation-list", query="standard=P+2.1"),
            "page",
        ),
        ("recommendation", "manager", url("recommendation-detail", recommendation.pk), "page"),
        (
            "recommendation, 500 updates",
            "manager",
            url("recommendation-detail", long_one.pk) if long_one else None,
            "page",
        ),
        ("region", "lead", url("region-detail", region.pk), "page"),
        ("inspection status", "manager", url("inspection-status", inspection.pk), "page"),
        ("region status", "lead", url("region-status", region.pk), "page"),
        ("inspection csv", "manager", url("inspection-export", inspection.pk, "csv"), "export"),
        ("inspection xlsx", "manager", url("inspection-export", inspection.pk, "xlsx"), "export"),
        ("inspection pdf", "manager", url("inspection-export", inspection.pk, "pdf"), "export"),
        ("inspection json", "manager", url("inspection-export-json", inspection.pk), "export"),
        ("region xlsx", "lead", url("region-export", region.pk, "xlsx"), "export"),
        ("region pdf", "lead", url("region-export", region.pk, "pdf"), "export"),
        ("list xlsx (lead)", "lead", url("recommendation-list-export", "xlsx"), "export"),
        ("national csv", "superuser", url("recommendation-list-export", "csv"), "national"),
        ("national xlsx", "superuser", url("recommendation-list-export", "xlsx"), "national"),
    ]
    targets, missing = [], []
    for name, who, path, kind in wanted:
        if path is None:
            missing.append(name)
        else:
            targets.append({"name": name, "user": who, "path": path, "kind": kind})
    if missing:
        log("Not (yet) in the app's URLs or data, so not measured: " + ", ".join(missing))
    context = {
        "users": {"lead": lead.username, "manager": manager.username, "superuser": SUPERUSER},
        "region": region.name,
        "region_pdus": region.size,
        "pdu": pdu.name,
        "inspection": inspection.pk,
        "recommendation": recommendation.pk,
        "recommendation_updates": recommendation.updates.count(),
        "long_recommendation": long_one.pk if long_one else None,
        "long_recommendation_updates": long_one.updates.count() if long_one else None,
    }
    return context, targets


def most_like(inspection, long_one):
    """The inspection's recommendation to compare the long history with: one of the
    generator's with the same shape (actions, standards, indicators), so that only the
    history differs; else its first."""
    from bench.dataset import shape, shaped

    recommendations = shaped(inspection.recommendations.order_by("number"))
    if long_one is None:
        return recommendations[0]
    others = [r for r in recommendations if r.pk != long_one.pk]
    wanted = shape(next(r for r in recommendations if r.pk == long_one.pk))
    return next((r for r in others if shape(r) == wanted), others[0])


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def count_queries(targets: list[dict], usernames: dict[str, str]) -> None:
    """Each target's query count and slowest queries, in-process with the test client.

    A streamed body is read inside the count, as its queries run while it is read.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    # A page that fails is counted (and its status kept) rather than stopping the bench.
    clients = {None: TestClient(raise_request_exception=False, HTTP_HOST="127.0.0.1")}
    for role, username in usernames.items():
        clients[role] = TestClient(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))
    for target in targets:
        client = clients[target["user"]]
        _body(client.get(target["path"]))  # warm caches, as the timed run does
        with CaptureQueriesContext(connection) as context:
            response = client.get(target["path"])
            _body(response)
        target["queries"] = len(context.captured_queries)
        target["in_process_status"] = response.status_code
        slowest = sorted(context.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        target["slowest_queries"] = [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]} for q in slowest[:3]
        ]


def measure(port: int, targets: list[dict], usernames: dict, rounds: int, warmup: int) -> None:
    """Fetch every target round-robin over HTTP: `warmup` rounds, then `rounds` timed."""
    clients = {None: Client(port, timeout=300)}
    for role, username in usernames.items():
        clients[role] = Client(port, timeout=300)
        clients[role].sign_in(username, BENCH_PASSWORD)
    for target in targets:
        target["times_ms"], target["statuses"] = [], {}
    for round_ in range(warmup + rounds):
        for target in targets:
            timed = round_ - warmup
            # The national exports: in one timed round in NATIONAL_EVERY, and the last
            # warm-up round.
            if (
                target["kind"] == "national"
                and timed != -1
                and (timed < 0 or timed % NATIONAL_EVERY)
            ):
                continue
            response = clients[target["user"]].get(target["path"])
            if timed >= 0:
                target["times_ms"].append(response.seconds * 1000)
                key = str(response.status)
                target["statuses"][key] = target["statuses"].get(key, 0) + 1
                target["bytes"] = len(response.body)
        if round_ == warmup - 1:
            log(f"Warmed up; measuring {rounds} rounds...")
    for target in targets:
        target["median_ms"] = statistics.median(target["times_ms"])
        target["p95_ms"] = percentile(target["times_ms"], 0.95)


def judge(targets: list[dict]) -> None:
    """Each target's ratios to both minimal views, and whether it meets its own target.

    Pages are held to the anonymous minimal view (the least a request can cost): under
    PAGE_MEDIAN_MS at the median and within PAGE_RATIO_ANONYMOUS times it. The ratio to
    the signed-in minimal view (what loading the session and the user adds) is printed
    beside it.
    """
    by_name = {t["name"]: t for t in targets}
    anonymous = by_name["minimal (anonymous)"]["median_ms"]
    signed_in = by_name["minimal (signed in)"]["median_ms"]
    for target in targets:
        target["ratio_anonymous"] = target["median_ms"] / anonymous
        target["ratio"] = target["median_ms"] / signed_in
        ok_status = set(target["statuses"]) == {"200"}
        if target["kind"] == "page":
            target["target"] = f"< {PAGE_MEDIAN_MS} ms, < {PAGE_RATIO_ANONYMOUS}x anon"
            target["met"] = (
                ok_status
                and target["median_ms"] < PAGE_MEDIAN_MS
                and target["ratio_anonymous"] < PAGE_RATIO_ANONYMOUS
            )
        elif target["name"] in EXPORT_LIMITS_MS:
            limit = EXPORT_LIMITS_MS[target["name"]]
            target["target"] = f"< {limit} ms"
            target["met"] = ok_status and target["median_ms"] < limit
        else:
            target["target"] = ""
            target["met"] = ok_status


def print_table(targets: list[dict]) -> None:
    header = (
        f"{'target':28} {'median ms':>9} {'p95 ms':>8} {'x signed-in':>11} {'x anon':>7} "
        f"{'queries':>7} {'KB':>7}  {'held to':22} ok"
    )
    print(header)
    print("-" * len(header))
    for t in targets:
        status = "" if set(t["statuses"]) == {"200"} else f" HTTP {t['statuses']}"
        print(
            f"{t['name']:28} {t['median_ms']:>9.1f} {t['p95_ms']:>8.1f} {t['ratio']:>10.1f}x "
            f"{t['ratio_anonymous']:>6.1f}x {t.get('queries', '?'):>7} "
            f"{t.get('bytes', 0) / 1024:>7.1f}  {t['target']:22} "
            f"{'yes' if t['met'] else 'NO'}{status}"
        )
