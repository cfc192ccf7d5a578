"""A progress report "as at" a date: what every export (CSV, Excel, PDF) is written from.

Positions come from the progress updates alone, the plan (response, owner, target date)
from its recorded changes, actions from their audit history, and indicators from
measurements dated on or before the day, so that a report as at a past date says what a
report printed on that date would have said. A regional lead's verification or send-back
is reported as the lead's decision, never as the PDU's work.

Everything is read in a fixed number of queries, whatever the number of PDUs,
recommendations, updates or actions.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.text import slugify

from inspections.models import Inspection, Rating, Region, Standard
from inspections.rules import key_question_bands, rating_in_bands
from recommendations.loop import JudgementsBeside, later_judgements
from recommendations.models import (
    Action,
    ActionStatus,
    Progress,
    ProgressUpdate,
    Recommendation,
    UpdateKind,
)
from recommendations.plan import Plan, plans_as_at
from recommendations.rules import Position, end_of_day

from .forms import ACTION_PLAN, PREVIOUS_RECOMMENDATIONS
from .indicators import IndicatorSummary, indicators_for_recommendations
from .progress import (
    RAGS,
    STATUSES,
    Tracked,
    Week,
    positions_as_at,
    rag_label,
    status_label,
    updates_by_recommendation,
    weekly_counts,
)

LATEST_UPDATES = 3


@dataclass
class ActionAsAt:
    description: str
    owner: str
    due_date: datetime.date
    status: str

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label

    def is_overdue(self, as_at: datetime.date) -> bool:
        return self.status != ActionStatus.COMPLETE and self.due_date < as_at


@dataclass
class UpdateText:
    created_at: datetime.datetime
    author: str
    what_was_done: str
    impact: str
    status: str
    kind: str = UpdateKind.UPDATE
    reason: str = ""

    @property
    def decision(self) -> str:
        """A lead's decision as it reads everywhere: "Verified by NAME: comment"."""
        label = UpdateKind(self.kind).label
        words = self.reason if self.kind == UpdateKind.SENT_BACK else self.what_was_done
        return f"{label} by {self.author}" + (f": {words}" if words else "")


@dataclass
class Row:
    recommendation: Recommendation
    position: Position
    actions: list[ActionAsAt]
    updates: list[UpdateText]  # the PDU's own, newest first, at most LATEST_UPDATES
    indicators: list[IndicatorSummary]
    plan: Plan = field(default_factory=Plan)
    decision: UpdateText | None = None  # the latest verification or send-back
    # In HMIP's layout: a later inspection's review of it, beside the PDU's own judgement.
    later: JudgementsBeside | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.position.status)

    @property
    def rag_label(self) -> str:
        return rag_label(self.position.rag)

    @property
    def progress_label(self) -> str:
        progress = self.position.progress
        return Progress(progress).label if progress else "Not judged"

    @property
    def improvement_label(self) -> str:
        value = self.position.improvement_still_required
        return "Not said" if value is None else ("Yes" if value else "No")

    @property
    def response_label(self) -> str:
        return self.plan.response_label

    @property
    def decision_text(self) -> str:
        return self.decision.decision if self.decision else ""


@dataclass
class Section:
    """One inspection of one PDU, with the rows of its recommendations in the report."""

    inspection: Inspection
    rows: list[Row]
    as_at: datetime.date

    @property
    def pdu(self) -> str:
        return self.inspection.pdu.name

    @property
    def by_status(self) -> list[tuple[str, int]]:
        counts = Counter(row.position.status for row in self.rows)
        return [(status_label(s), counts[s]) for s in STATUSES]

    @property
    def by_rag(self) -> list[tuple[str, int]]:
        counts = Counter(row.position.rag for row in self.rows)
        return [(rag_label(r), counts[r]) for r in RAGS]

    @property
    def overdue_actions(self) -> int:
        return sum(a.is_overdue(self.as_at) for row in self.rows for a in row.actions)

    @property
    def rating_label(self) -> str:
        rating = self.inspection.overall_rating
        return Rating(rating).label if rating else "Not rated"

    def key_question_band(self, percent: int) -> str:
        framework = self.inspection.framework
        if framework is None:
            return ""
        rating = rating_in_bands(percent, key_question_bands(framework))
        return Rating(rating).label if rating else ""


@dataclass
class ProgressReport:
    title: str
    scope: str  # what the filename starts with
    as_at: datetime.date
    layout: str
    sections: list[Section]
    several_pdus: bool
    region: Region | None = None
    notes: list[str] = field(default_factory=list)
    # Counts of the report's recommendations by status and RAG at the end of each week, as the
    # status pages count them (`weekly_counts`), up to the as-at day.
    weeks: list[Week] = field(default_factory=list)

    @property
    def has_later_reviews(self) -> bool:
        return any(row.later for section in self.sections for row in section.rows)

    def filename(self, fmt: str) -> str:
        kind = "previous-recommendations" if self.layout == PREVIOUS_RECOMMENDATIONS else "progress"
        return f"{self.scope}-{kind}-as-at-{self.as_at:%Y-%m-%d}.{fmt}"


def inspections_for_report() -> QuerySet[Inspection]:
    return Inspection.objects.select_related("pdu__region", "framework").prefetch_related(
        "framework__key_question_bands",
        Prefetch("standards", queryset=Standard.objects.prefetch_related("key_questions")),
    )


def latest_inspections(
    pdus_filter, queryset: QuerySet[Inspection] | None = None
) -> list[Inspection]:
    """The latest inspection with an imported report of each PDU matching `pdus_filter`.

    Two queries, plus the prefetching of `queryset` (by default all that a report shows).
    """
    if queryset is None:
        queryset = inspections_for_report()
    latest: dict[int, int] = {}
    rows = (
        Inspection.objects.filter(pdus_filter, report_imported=True)
        .order_by("pdu_id", "-published")
        .values_list("pdu_id", "pk")
    )
    for pdu_id, pk in rows:
        latest.setdefault(pdu_id, pk)
    return list(queryset.filter(pk__in=latest.values()).order_by("pdu__name", "published"))


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


def latest_update_texts(
    updates: dict[int, list], as_at: datetime.date
) -> tuple[dict[int, list[UpdateText]], dict[int, UpdateText]]:
    """The few latest of each recommendation's own updates as at the day, with their words,
    and its latest decision (a verification or a send-back), in one query."""
    moment = end_of_day(as_at)
    wanted: set[int] = set()
    for rows in updates.values():
        made = sorted(
            (u for u in rows if u.created_at <= moment),
            key=lambda u: (u.created_at, u.pk),
            reverse=True,
        )
        wanted.update(
            u.pk for u in [u for u in made if u.kind == UpdateKind.UPDATE][:LATEST_UPDATES]
        )
        wanted.update(u.pk for u in [u for u in made if u.kind != UpdateKind.UPDATE][:1])
    texts: dict[int, list[UpdateText]] = defaultdict(list)
    decisions: dict[int, UpdateText] = {}
    full = (
        ProgressUpdate.objects.filter(pk__in=wanted)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    for update in full:
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


def build_report(
    inspections: Iterable[Inspection],
    recommendations: Iterable[Recommendation],
    *,
    as_at: datetime.date,
    layout: str = ACTION_PLAN,
    title: str,
    scope: str,
    several_pdus: bool,
    region: Region | None = None,
) -> ProgressReport:
    """Put the report together; `recommendations` must belong to `inspections`."""
    recommendations = list(recommendations)
    ids = [r.pk for r in recommendations]
    updates = updates_by_recommendation(ids)
    positions = positions_as_at(ids, updates, as_at)
    actions = actions_as_at(ids, as_at)
    texts, decisions = latest_update_texts(updates, as_at)
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
    sections = []
    for inspection in inspections:
        rows = sorted(
            rows_by_inspection.get(inspection.pk, []), key=lambda r: r.recommendation.number
        )
        if rows:
            sections.append(Section(inspection, rows, as_at))
    return ProgressReport(
        title=title,
        scope=scope,
        as_at=as_at,
        layout=layout,
        sections=sections,
        several_pdus=several_pdus,
        region=region,
        weeks=weekly_counts(
            [Tracked(rec.pk, rec.inspection.published) for rec in recommendations], updates, as_at
        ),
    )


def inspection_report(inspection: Inspection, as_at: datetime.date, layout: str) -> ProgressReport:
    """Expects `inspection` from `inspections_for_report()`."""
    recommendations = (
        Recommendation.objects.filter(inspection=inspection)
        .select_related("owner_user")
        .order_by("number")
    )
    for rec in recommendations:
        rec.inspection = inspection
    return build_report(
        [inspection],
        recommendations,
        as_at=as_at,
        layout=layout,
        title=f"{inspection.pdu.name} PDU: progress on the {inspection.published:%B %Y} "
        "inspection's recommendations",
        scope=f"{slugify(inspection.pdu.name)}-{inspection.published:%Y-%m}",
        several_pdus=False,
        region=inspection.pdu.region,
    )


def region_report(region: Region, as_at: datetime.date, layout: str) -> ProgressReport:
    inspections = latest_inspections(Q(pdu__region=region))
    by_pk = {i.pk: i for i in inspections}
    recommendations = list(
        Recommendation.objects.filter(inspection__in=inspections)
        .select_related("owner_user")
        .order_by("inspection", "number")
    )
    for rec in recommendations:
        rec.inspection = by_pk[rec.inspection_id]
    return build_report(
        inspections,
        recommendations,
        as_at=as_at,
        layout=layout,
        title=f"{region.name}: progress on inspection recommendations",
        scope=slugify(region.name),
        several_pdus=True,
        region=region,
    )


def list_report(
    recommendations: QuerySet[Recommendation], as_at: datetime.date, layout: str
) -> ProgressReport:
    """The recommendations a (filtered) list shows, grouped by inspection."""
    recommendations = list(
        recommendations.select_related("owner_user").order_by("inspection", "number")
    )
    inspections = list(
        inspections_for_report()
        .filter(pk__in={r.inspection_id for r in recommendations})
        .order_by("pdu__name", "published")
    )
    by_pk = {i.pk: i for i in inspections}
    for rec in recommendations:
        rec.inspection = by_pk[rec.inspection_id]
    return build_report(
        inspections,
        recommendations,
        as_at=as_at,
        layout=layout,
        title="Progress on inspection recommendations",
        scope="recommendations",
        several_pdus=True,
    )
