"""Reading an export's rows "as at" a day, a few inspections at a time.

Positions come from the progress updates alone, the plan (response, owner, target date)
from its recorded changes, actions from their audit history, and indicators from
measurements dated on or before the day, so that an export as at a past date says what an
export printed on that date would have said. A regional lead's verification or send-back
is reported as the lead's decision, never as the PDU's work.

`read_sections` reads the rows of a set of inspections in a fixed number of queries,
whatever the number of recommendations, updates or actions. Each recommendation's position
and its latest words are picked in SQL (the latest update at or before the moment), so
that the updates are never all read into Python: an export of every PDU reads a few
inspections at a time and writes them out before reading the next.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from inspections.models import Inspection, Standard
from recommendations.loop import later_judgements
from recommendations.models import Action, ProgressUpdate, Recommendation, UpdateKind
from recommendations.plan import plans_as_at
from recommendations.queries import latest_inspection_id
from recommendations.rules import Position, end_of_day
from reporting.forms import PREVIOUS_RECOMMENDATIONS
from reporting.indicators import indicators_for_recommendations

from .rows import LATEST_UPDATES, ActionAsAt, Row, Section, UpdateText


def inspections_for_export_data() -> QuerySet[Inspection]:
    return Inspection.objects.select_related("pdu__region", "framework").prefetch_related(
        "framework__key_question_bands",
        Prefetch("standards", queryset=Standard.objects.prefetch_related("key_questions")),
    )


def latest_inspection_ids(pdus_filter) -> list[int]:
    """The latest inspection with an imported report of each PDU matching `pdus_filter`,
    in the order of the PDUs' names; one query."""
    return list(
        Inspection.objects.filter(pdus_filter, report_imported=True, pk=latest_inspection_id("pdu"))
        .order_by("pdu__name", "pdu_id")
        .values_list("pk", flat=True)
    )


def latest_inspections(
    pdus_filter, queryset: QuerySet[Inspection] | None = None
) -> list[Inspection]:
    """The latest inspection with an imported report of each PDU matching `pdus_filter`.

    Two queries, plus the prefetching of `queryset` (by default all that an export shows).
    """
    if queryset is None:
        queryset = inspections_for_export_data()
    ids = latest_inspection_ids(pdus_filter)
    return list(queryset.filter(pk__in=ids).order_by("pdu__name", "published"))


def actions_as_at(
    recommendation_ids: Sequence[int], as_at: datetime.date
) -> dict[int, list[ActionAsAt]]:
    """Each recommendation's actions as they stood at the end of `as_at`, from their history.

    An action with no history (written outside the ORM) is taken as it stands now.
    """
    moment = end_of_day(as_at)
    # The owner's name comes with each row, so the count of queries stays fixed.
    fields = (
        "description",
        "owner",
        "owner_user__first_name",
        "owner_user__last_name",
        "owner_user__username",
        "due_date",
        "status",
    )
    current = list(
        Action.objects.filter(recommendation_id__in=recommendation_ids, created_at__lte=moment)
        .order_by("due_date", "pk")
        .values("pk", "recommendation_id", *fields)
    )
    snapshots: dict[int, dict] = {}
    history = (
        Action.history.filter(id__in=[a["pk"] for a in current], history_date__lte=moment)
        .order_by("history_date", "history_id")
        .values("id", "history_type", *fields)
    )
    for snapshot in history:
        snapshots[snapshot["id"]] = snapshot
    grouped: dict[int, list[ActionAsAt]] = defaultdict(list)
    for action in current:
        state = snapshots.get(action["pk"], action)
        if state.get("history_type") == "-":
            continue
        grouped[action["recommendation_id"]].append(
            ActionAsAt(state["description"], _owner(state), state["due_date"], state["status"])
        )
    for actions in grouped.values():
        actions.sort(key=lambda a: a.due_date)
    return grouped


def _owner(values: dict) -> str:
    """An action's owner's name, from a row of `actions_as_at`'s values."""
    if values["owner_user__username"]:
        full = f"{values['owner_user__first_name']} {values['owner_user__last_name']}".strip()
        return full or values["owner_user__username"]
    return values["owner"]


def _made_by(recommendation_ids: Sequence[int], as_at: datetime.date) -> QuerySet[ProgressUpdate]:
    """The updates of these recommendations made by the end of `as_at`, in no set order."""
    return ProgressUpdate.objects.filter(
        recommendation_id__in=list(recommendation_ids), created_at__lte=end_of_day(as_at)
    ).order_by()


def _newest_first(*partition) -> Window:
    """1 for the latest update of each partition, 2 for the one before, and so on."""
    return Window(
        RowNumber(),
        partition_by=[F("recommendation_id"), *partition],
        order_by=[F("created_at").desc(), F("pk").desc()],
    )


def positions_in_sql(
    recommendation_ids: Sequence[int], as_at: datetime.date
) -> dict[int, Position]:
    """The position of each recommendation at the end of `as_at`, in one query.

    The same as `recommendations.rules.position_as_at` over all its updates (tested): the
    latest update made by then, ties on time broken by the order of saving. The database
    picks the one row per recommendation.
    """
    rows = (
        _made_by(recommendation_ids, as_at)
        .annotate(newest=_newest_first())
        .filter(newest=1)
        .values_list(
            "recommendation_id",
            "status",
            "rag",
            "judgement",
            "improvement_still_required",
            "created_at",
        )
    )
    positions = {pk: Position() for pk in recommendation_ids}
    for pk, status, rag, judgement, improvement, created_at in rows:
        positions[pk] = Position(status, rag, judgement, improvement, created_at)
    return positions


def latest_update_texts(
    recommendation_ids: Sequence[int], as_at: datetime.date
) -> tuple[dict[int, list[UpdateText]], dict[int, UpdateText]]:
    """The few latest of each recommendation's own updates as at the day, with their words,
    and its latest decision (a verification or a send-back), in one query."""
    own = Case(When(kind=UpdateKind.UPDATE, then=Value(True)), default=Value(False))
    wanted = Q(kind=UpdateKind.UPDATE, newest__lte=LATEST_UPDATES) | (
        ~Q(kind=UpdateKind.UPDATE) & Q(newest=1)
    )
    updates = (
        _made_by(recommendation_ids, as_at)
        .annotate(newest=_newest_first(own))
        .filter(wanted)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    texts: dict[int, list[UpdateText]] = defaultdict(list)
    decisions: dict[int, UpdateText] = {}
    for update in updates:
        text = UpdateText(
            created_at=update.created_at,
            author=update.author.get_full_name() or update.author.get_username(),
            what_was_done=update.what_was_done,
            impact=update.impact,
            status=update.status,
            kind=update.kind,
            reason=update.reason,
        )
        if update.is_decision:
            decisions[update.recommendation_id] = text
        else:
            texts[update.recommendation_id].append(text)
    return texts, decisions


def read_sections(
    inspections: Sequence[Inspection],
    recommendations: Sequence[Recommendation],
    positions: dict[int, Position],
    *,
    as_at: datetime.date,
    layout: str,
) -> Iterator[Section]:
    """The sections of `inspections`, in their order, with their recommendations' rows.

    `recommendations` must belong to `inspections` (each with `.inspection` set) and
    `positions` hold each one's position as at the day.
    """
    ids = [r.pk for r in recommendations]
    actions = actions_as_at(ids, as_at)
    texts, decisions = latest_update_texts(ids, as_at)
    indicators = indicators_for_recommendations(ids, as_at)
    plans = plans_as_at(recommendations, as_at)
    later = later_judgements(recommendations, as_at) if layout == PREVIOUS_RECOMMENDATIONS else {}
    rows_by_inspection: dict[int, list[Row]] = defaultdict(list)
    for rec in recommendations:
        rows_by_inspection[rec.inspection_id].append(
            Row(
                rec,
                positions[rec.pk],
                actions.get(rec.pk, []),
                texts.get(rec.pk, []),
                indicators.get(rec.pk, []),
                plans[rec.pk],
                decisions.get(rec.pk),
                later.get(rec.pk),
            )
        )
    for inspection in inspections:
        rows = sorted(
            rows_by_inspection.get(inspection.pk, []), key=lambda r: r.recommendation.number
        )
        if rows:
            yield Section(inspection, rows, as_at)


def forget_prefetched(objects: Iterable) -> None:
    """Drop what was prefetched onto `objects`, and onto what was prefetched with them.

    Prefetching leaves each related object pointing back at its parent (a standard at its
    inspection, a measurement at its indicator): reference cycles that only Python's cycle
    collector frees, and a full collection comes rarely. Breaking them once a chunk has been
    written lets reference counting free the chunk at once, so chunks do not pile up.
    """
    for obj in objects:
        cache = getattr(obj, "_prefetched_objects_cache", None)
        if cache:
            for related in cache.values():
                forget_prefetched(related)
            cache.clear()


def forget_sections(inspections: Sequence[Inspection], sections: Sequence[Section]) -> None:
    """Free a chunk once written: its inspections' and its indicators' prefetched objects."""
    forget_prefetched(inspections)
    forget_prefetched(i.framework for i in inspections if i.framework_id)
    forget_prefetched(
        summary.indicator
        for section in sections
        for row in section.rows
        for summary in row.indicators
    )
