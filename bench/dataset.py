"""The bench's database: the national synthetic data set, Kirklees, ten times the history.

Everything is added once, found again on later runs (the synthetic regions; the PDU
named Kirklees; the bench inspection's recommendation with LONG_HISTORY updates; the
bench superuser), so that every run measures the same data.
"""

import datetime
import random
import time

from bench.common import BENCH_PASSWORD, ROOT, drop_database, ensure_database, log, manage

KIRKLEES = "inspections/data/kirklees-2024.md"
KIRKLEES_INDICATORS = "inspections/data/kirklees-2024-indicators.json"
LONG_HISTORY = 500
SUPERUSER = "bench-administrator"
SHAPE = ("actions", "standards", "indicators", "key_questions")
REOPENING_REASON = "Further audit found the work was not embedded."


def synthetic():
    """The synthetic data set's module, wherever the app keeps it (it has moved between apps)."""
    import importlib

    for name in ("recommendations.synthetic", "imports.synthetic", "inspections.synthetic"):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name not in (name, name.rsplit(".", 1)[0]):
                raise
    raise ModuleNotFoundError("No synthetic data set module in the app")


def setup_django() -> None:
    import django

    if not getattr(setup_django, "done", False):
        django.setup()
        setup_django.done = True


def prepare_database(env: dict[str, str], fresh: bool = False) -> None:
    """Migrate, and add what is missing: the data sets, the long history, the superuser.

    `fresh` drops the database first (after migrations were rewritten, say).
    """
    if fresh:
        log("Dropping the database, to build it afresh...")
        drop_database(env["DATABASE_URL"])
    created = ensure_database(env["DATABASE_URL"])
    log("Created the database." if created else "Reusing the database.")
    manage(env, "migrate", "--no-input")
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from inspections.models import PDU

    generator = synthetic()
    if not generator.holds_synthetic_data():
        log("Generating the national synthetic data set (once)...")
        started = time.monotonic()
        counts = generator.generate(
            generator.Options(password=BENCH_PASSWORD, allow_real_data=True)
        )
        log(
            f"  {counts.inspections} inspections, {counts.recommendations} recommendations, "
            f"{counts.updates} updates in {time.monotonic() - started:.1f} s"
        )
    if not PDU.objects.filter(name="Kirklees").exists():
        log("Importing Kirklees...")
        call_command("import_report", str(ROOT / KIRKLEES), verbosity=0)
        if (ROOT / KIRKLEES_INDICATORS).exists():
            try:
                call_command("load_indicators", str(ROOT / KIRKLEES_INDICATORS), verbosity=0)
            except Exception as error:  # optional: the bench does not depend on it
                log(f"  (Kirklees indicators not loaded: {error})")
    chosen = bench_choice()
    long_history(chosen["inspection"], chosen["manager"], chosen["lead"])
    ensure_superuser()
    # Fresh bulk inserts leave the planner without statistics (autovacuum may be off, or
    # not have run yet); production tables are analysed, so the bench's should be too.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_choice() -> dict:
    """The worst case: the synthetic region with the most PDUs, and its lead; then one of
    its PDUs, that PDU's manager and the PDU's later inspection."""
    from django.db.models import Count

    from inspections.models import Membership, Region, Role

    region = (
        Region.objects.filter(name__startswith="Synthetic Region")
        .annotate(size=Count("pdus"))
        .order_by("-size", "pk")
        .first()
    )
    lead = Membership.objects.get(region=region, role=Role.REGIONAL_LEAD).user
    manager_membership = (
        Membership.objects.filter(role=Role.MANAGER, pdu__region=region)
        .select_related("pdu", "user")
        .order_by("pdu__name")
        .first()
    )
    pdu = manager_membership.pdu
    return {
        "region": region,
        "lead": lead,
        "manager": manager_membership.user,
        "pdu": pdu,
        "inspection": pdu.inspections.order_by("-published").first(),
    }


def long_history_recommendation(inspection):
    """The inspection's recommendation with LONG_HISTORY updates or more (the marker)."""
    from django.db.models import Count

    return (
        inspection.recommendations.annotate(update_count=Count("updates"))
        .filter(update_count__gte=LONG_HISTORY)
        .order_by("number")
        .first()
    )


def long_history(inspection, manager, lead):
    """A recommendation of the bench inspection topped up to LONG_HISTORY updates, once.

    Its first recommendation keeps the generator's 50 updates, to compare with. The one
    topped up is the next that is neither Complete nor Verified, so that its history goes
    on as a long-running one does: mostly updates at the same status, now and then a step
    on, a Complete sent back with a reason. Each status change is checked against the
    workflow (check_transition); times increase from its latest update to the start of
    today, as the generator's do. Rows are saved one by one, so that receivers of
    ProgressUpdate's post_save (stored weekly counts) see them.
    """
    from django.db import transaction
    from django.utils import timezone

    from recommendations.models import ProgressUpdate, Status, UpdateKind
    from recommendations.rules import ORDER, check_transition

    found = long_history_recommendation(inspection)
    if found is not None:
        return found
    generator = synthetic()
    recommendation = _to_top_up(inspection)
    missing = LONG_HISTORY - recommendation.updates.count()
    log(f"Topping up recommendation {recommendation.pk} to {LONG_HISTORY} updates (once)...")
    rng = random.Random(LONG_HISTORY)
    latest = recommendation.updates.order_by("-created_at", "-pk").first()
    start = latest.created_at if latest else generator._aware(inspection.published)
    end = generator._aware(timezone.localdate(), 0)
    span = max(int((end - start).total_seconds()) - 1, missing)
    offsets = sorted(rng.sample(range(1, span + 1), missing))
    level = ORDER.index(Status(recommendation.status))
    with transaction.atomic():
        for offset in offsets:
            new_level, reason = _next_level(rng, level)
            status = ORDER[new_level]
            check_transition(ORDER[level], status, may_verify=True, reason=reason)
            update = ProgressUpdate.objects.create(
                recommendation=recommendation,
                author=lead if status == Status.VERIFIED else manager,
                created_at=start + datetime.timedelta(seconds=offset),
                what_was_done=rng.choice(generator.UPDATE_TEXTS),
                impact=rng.choice(["", "", "Early signs of improvement in case audits."]),
                status=status,
                reason=reason,
                kind=UpdateKind.VERIFICATION if status == Status.VERIFIED else UpdateKind.UPDATE,
                **generator.position_fields(rng, status),
            )
            level = new_level
        type(recommendation).objects.filter(pk=recommendation.pk).update(
            status=update.status,
            rag=update.rag,
            judgement=update.judgement,
            improvement_still_required=update.improvement_still_required,
            position_updated_at=update.created_at,
        )
    return recommendation


def shaped(recommendations):
    """Recommendations annotated with what else their page shows: how many actions,
    standards, indicators and indicators on a key question."""
    from django.db.models import Count, Q

    return recommendations.annotate(
        shape_actions=Count("actions", distinct=True),
        shape_standards=Count("standards", distinct=True),
        shape_indicators=Count("indicators", distinct=True),
        shape_key_questions=Count(
            "indicators", filter=Q(indicators__key_question__isnull=False), distinct=True
        ),
    )


def shape(recommendation) -> tuple:
    return tuple(getattr(recommendation, f"shape_{part}") for part in SHAPE)


def _to_top_up(inspection):
    """One of a pair of recommendations alike in all but their history (same shape), not
    Complete or Verified, so that the two pages differ only in their history; failing
    that, the first open one after the first."""
    from recommendations.models import Status

    candidates = list(shaped(inspection.recommendations.order_by("number")))
    open_ones = [r for r in candidates[1:] if r.status in (Status.NOT_STARTED, Status.IN_PROGRESS)]
    for recommendation in open_ones:
        if any(
            shape(other) == shape(recommendation) for other in candidates if other != recommendation
        ):
            return recommendation
    return open_ones[0] if open_ones else candidates[1]


def _next_level(rng: random.Random, level: int) -> tuple[int, str]:
    """The next update's workflow level: mostly the same, rarely one on or one back."""
    draw = rng.random()
    if level == 2 and draw < 0.02:
        return 1, REOPENING_REASON
    if level < 2 and draw < 0.01:
        return level + 1, ""
    return level, ""


def ensure_superuser():
    """The administrator the national exports are fetched as."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=SUPERUSER,
        defaults={"is_superuser": True, "is_staff": True, "first_name": "Bench"},
    )
    user.set_password(BENCH_PASSWORD)
    user.save()
    return user
