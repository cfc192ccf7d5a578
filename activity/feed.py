"""Every event in a user's scope, newest first: who did what, and when.

The events come from six tables (progress updates, the actions' audit history, due-date
moves, plan changes, measurements and evidence). Each source is a `values()` queryset
selecting the same named columns (`ev_*`, below); one UNION ALL of them, ordered by time
and sliced in SQL, gives a page of events whole. A page therefore costs two queries (its
count and its rows) however many events there are and whichever kinds they are.

Columns every source selects, filled with a typed NULL where a source has no such thing:

    ev_kind, ev_at, ev_id           the event's kind, time, and its row's id in its source
    ev_first, ev_last, ev_username  who (the user's names)
    ev_pdu, ev_rec_id, ev_rec_number, ev_inspection_id, ev_action_id   where
    ev_text                         the main text: what was done, an action, a file's name...
    ev_old, ev_new                  text before and after (plan values; a status; a unit)
    ev_note                         the reason given
    ev_date_old, ev_date_new        dates before and after (a due date; a measurement's date)
    ev_number, ev_cases, ev_total   a measurement's value and sample
"""

import datetime
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.urls import reverse
from django.utils import timezone

from inspections.access import access_for
from inspections.models import PDU
from recommendations.models import (
    Action,
    ActionStatus,
    DueDateChange,
    Evidence,
    Measurement,
    PlanChange,
    PlanField,
    ProgressUpdate,
    Recommendation,
    Status,
    UpdateKind,
)
from recommendations.rules import end_of_day
from reporting.indicators import format_value

# Kinds of event, in the order the filter offers them.
KINDS = {
    UpdateKind.UPDATE.value: "Progress update",
    UpdateKind.VERIFICATION.value: "Verified",
    UpdateKind.SENT_BACK.value: "Sent back",
    "action_added": "Action added",
    "action_changed": "Action changed",
    "action_completed": "Action completed",
    "due_date_moved": "Due date moved",
    "target_date_moved": "Target date moved",
    "plan_changed": "Plan changed",
    "measurement": "Measurement added",
    "evidence": "Evidence added",
}

TEXT_LIMIT = 300  # characters of a long text fetched; a summary shows fewer
SUMMARY_TEXT = 120

_TYPES = {
    "ev_kind": CharField(),
    "ev_at": DateTimeField(),
    "ev_id": BigIntegerField(),
    "ev_first": CharField(),
    "ev_last": CharField(),
    "ev_username": CharField(),
    "ev_pdu": CharField(),
    "ev_rec_id": BigIntegerField(),
    "ev_rec_number": IntegerField(),
    "ev_inspection_id": BigIntegerField(),
    "ev_action_id": BigIntegerField(),
    "ev_text": TextField(),
    "ev_old": TextField(),
    "ev_new": TextField(),
    "ev_note": TextField(),
    "ev_date_old": DateField(),
    "ev_date_new": DateField(),
    "ev_number": DecimalField(max_digits=8, decimal_places=2),
    "ev_cases": IntegerField(),
    "ev_total": IntegerField(),
}
COLUMNS = tuple(_TYPES)


def _short(path: str):
    return Substr(F(path), 1, TEXT_LIMIT)


def _select(queryset: QuerySet, **columns) -> QuerySet:
    """The source as the union's rows: every column, in the same order, with the same types."""
    expressions = {}
    for name, output_field in _TYPES.items():
        expression = columns.get(name.removeprefix("ev_"))
        if expression is None:
            # A typed NULL, so that every branch of the union agrees on the column's type.
            expression = Cast(Value(None), output_field=output_field)
        elif isinstance(expression, str):
            expression = F(expression)
        expressions[name] = expression
    return queryset.order_by().annotate(**expressions).values(*COLUMNS)


def _user(prefix: str) -> dict:
    return {
        "first": f"{prefix}first_name",
        "last": f"{prefix}last_name",
        "username": f"{prefix}username",
    }


def _recommendation(prefix: str) -> dict:
    return {
        "pdu": f"{prefix}inspection__pdu__name",
        "rec_id": f"{prefix}id",
        "rec_number": f"{prefix}number",
        "inspection_id": f"{prefix}inspection_id",
    }


# The fields an action's audit row records that the feed reports; a row that changes none
# of them (a due-date move, which `DueDateChange` records with its reason) is left out.
def _action_signature():
    return Concat(
        F("status"),
        Value("|"),
        F("owner"),
        Value("|"),
        Coalesce(Cast("owner_user_id", output_field=CharField()), Value("")),
        Value("|"),
        F("description"),
        output_field=TextField(),
    )


def _progress_updates(scope: Q) -> tuple[QuerySet, dict]:
    queryset = ProgressUpdate.objects.filter(scope)
    return queryset, {
        "kind": "kind",
        "at": "created_at",
        "id": "id",
        **_user("author__"),
        **_recommendation("recommendation__"),
        "text": _short("what_was_done"),
        "new": "status",
        "note": _short("reason"),
    }


def _action_history(scope: Q) -> tuple[QuerySet, dict]:
    history = Action.history.model.objects
    earlier = history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
        "-history_id"
    )
    queryset = (
        history.filter(scope, history_type__in=["+", "~"])
        .annotate(
            signature=_action_signature(),
            earlier_signature=Coalesce(
                Subquery(earlier.annotate(s=_action_signature()).values("s")[:1]),
                Value(""),
                output_field=TextField(),
            ),
            earlier_status=Coalesce(
                Subquery(earlier.values("status")[:1]), Value(""), output_field=CharField()
            ),
        )
        .filter(Q(history_type="+") | ~Q(signature=F("earlier_signature")))
        .annotate(
            event_kind=Case(
                When(history_type="+", then=Value("action_added")),
                When(
                    Q(status=ActionStatus.COMPLETE) & ~Q(earlier_status=ActionStatus.COMPLETE),
                    then=Value("action_completed"),
                ),
                default=Value("action_changed"),
                output_field=CharField(),
            )
        )
    )
    return queryset, {
        "kind": "event_kind",
        "at": "history_date",
        "id": "history_id",
        **_user("history_user__"),
        **_recommendation("recommendation__"),
        "action_id": "id",
        "text": _short("description"),
        "new": "status",
    }


def _due_date_changes(scope: Q) -> tuple[QuerySet, dict]:
    queryset = DueDateChange.objects.filter(scope).annotate(event_kind=Value("due_date_moved"))
    return queryset, {
        "kind": "event_kind",
        "at": "changed_at",
        "id": "id",
        **_user("changed_by__"),
        **_recommendation("action__recommendation__"),
        "action_id": "action_id",
        "text": _short("action__description"),
        "note": _short("reason"),
        "date_old": "old_due_date",
        "date_new": "new_due_date",
    }


def _plan_changes(scope: Q) -> tuple[QuerySet, dict]:
    queryset = PlanChange.objects.filter(scope).annotate(
        event_kind=Case(
            When(field=PlanField.TARGET_DATE, then=Value("target_date_moved")),
            default=Value("plan_changed"),
            output_field=CharField(),
        )
    )
    return queryset, {
        "kind": "event_kind",
        "at": "changed_at",
        "id": "id",
        **_user("changed_by__"),
        **_recommendation("recommendation__"),
        "text": "field",
        "old": _short("old_value"),
        "new": _short("new_value"),
        "note": _short("reason"),
    }


def _measurements(scope: Q) -> tuple[QuerySet, dict]:
    # An indicator may serve several recommendations: the event points at the first.
    first = Recommendation.objects.filter(indicators=OuterRef("indicator_id")).order_by("number")
    queryset = Measurement.objects.filter(scope).annotate(
        event_kind=Value("measurement"),
        first_rec_id=Subquery(first.values("id")[:1]),
        first_rec_number=Subquery(first.values("number")[:1]),
    )
    return queryset, {
        "kind": "event_kind",
        "at": "recorded_at",
        "id": "id",
        **_user("recorded_by__"),
        "pdu": "indicator__inspection__pdu__name",
        "rec_id": "first_rec_id",
        "rec_number": "first_rec_number",
        "inspection_id": "indicator__inspection_id",
        "text": _short("indicator__name"),
        "old": "indicator__unit",
        "date_new": "date",
        "number": "value",
        "cases": "cases",
        "total": "total",
    }


def _evidence(scope: Q) -> tuple[QuerySet, dict]:
    queryset = Evidence.objects.filter(scope).annotate(event_kind=Value("evidence"))
    return queryset, {
        "kind": "event_kind",
        "at": "uploaded_at",
        "id": "id",
        **_user("uploaded_by__"),
        **_recommendation("update__recommendation__"),
        "text": _short("original_name"),
    }


@dataclass(frozen=True)
class Source:
    """One table the events come from: its kinds, its path to the PDU and its time column."""

    kinds: tuple[str, ...]
    pdu_path: str
    at: str
    build: object  # Q -> (queryset, columns)


SOURCES = [
    Source(
        (UpdateKind.UPDATE, UpdateKind.VERIFICATION, UpdateKind.SENT_BACK),
        "recommendation__inspection__pdu__",
        "created_at",
        _progress_updates,
    ),
    Source(
        ("action_added", "action_changed", "action_completed"),
        "recommendation__inspection__pdu__",
        "history_date",
        _action_history,
    ),
    Source(
        ("due_date_moved",),
        "action__recommendation__inspection__pdu__",
        "changed_at",
        _due_date_changes,
    ),
    Source(
        ("target_date_moved", "plan_changed"),
        "recommendation__inspection__pdu__",
        "changed_at",
        _plan_changes,
    ),
    Source(("measurement",), "indicator__inspection__pdu__", "recorded_at", _measurements),
    Source(("evidence",), "update__recommendation__inspection__pdu__", "uploaded_at", _evidence),
]


@dataclass(frozen=True)
class Event:
    at: datetime.datetime
    who: str
    kind: str
    kind_label: str
    pdu_name: str
    recommendation_number: int | None
    summary: str
    url: str


def _clip(text: str | None, limit: int = SUMMARY_TEXT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else "no date"


def _summary(row: dict) -> str:
    kind, text = row["ev_kind"], _clip(row["ev_text"])
    if kind == UpdateKind.UPDATE:
        status = Status(row["ev_new"]).label if row["ev_new"] in Status.values else row["ev_new"]
        return f"Logged a progress update ({status}): {text}"
    if kind == UpdateKind.VERIFICATION:
        return f"Verified the recommendation: {text}"
    if kind == UpdateKind.SENT_BACK:
        return f"Sent the recommendation back: {_clip(row['ev_note']) or text}"
    if kind == "action_added":
        return f"Added an action: {text}"
    if kind == "action_completed":
        return f"Completed an action: {text}"
    if kind == "action_changed":
        status = ActionStatus(row["ev_new"]).label if row["ev_new"] in ActionStatus.values else ""
        return f"Changed an action (now {status}): {text}"
    if kind == "due_date_moved":
        return (
            f"Moved the due date of “{_clip(row['ev_text'], 80)}” from {_day(row['ev_date_old'])} "
            f"to {_day(row['ev_date_new'])}: {_clip(row['ev_note'])}"
        )
    if kind in ("target_date_moved", "plan_changed"):
        return _plan_summary(row)
    if kind == "measurement":
        value = format_value(row["ev_old"], row["ev_number"], row["ev_cases"], row["ev_total"])
        return f"Added a measurement of {text}: {value} on {_day(row['ev_date_new'])}"
    return f"Added evidence: {text}"


def _plan_summary(row: dict) -> str:
    # An unsaved PlanChange, for its one way of showing a stored value.
    change = PlanChange(field=row["ev_text"], old_value=row["ev_old"], new_value=row["ev_new"])
    label = _in_a_sentence(
        PlanField(row["ev_text"]).label if row["ev_text"] in PlanField.values else "plan"
    )
    reason = f": {_clip(row['ev_note'])}" if row["ev_note"] else ""
    if not row["ev_old"]:
        return f"Set the {label} to {_clip(change.new_display, 80)}{reason}"
    return (
        f"Changed the {label} from {_clip(change.old_display, 80)} "
        f"to {_clip(change.new_display, 80)}{reason}"
    )


def _in_a_sentence(label: str) -> str:
    """A label inside a sentence: "Target date" as "target date", but "HMPPS" kept."""
    first, _, rest = label.partition(" ")
    if first.isupper():
        return label
    return f"{first.lower()} {rest}".strip()


def _url(row: dict) -> str:
    if row["ev_rec_id"] is None:
        return reverse("inspection-status", args=[row["ev_inspection_id"]])
    base = reverse("recommendation-detail", args=[row["ev_rec_id"]])
    if row["ev_action_id"] is not None:
        return f"{base}#action-{row['ev_action_id']}"
    if row["ev_kind"] in (*UpdateKind.values, "evidence"):
        return f"{base}#timeline"
    if row["ev_kind"] == "measurement":
        return f"{base}#indicators"
    return base


def _who(row: dict) -> str:
    if not row["ev_username"]:
        return "Not recorded"
    full = f"{row['ev_first'] or ''} {row['ev_last'] or ''}".strip()
    return full or row["ev_username"]


def to_event(row: dict) -> Event:
    return Event(
        at=row["ev_at"],
        who=_who(row),
        kind=row["ev_kind"],
        kind_label=KINDS.get(row["ev_kind"], row["ev_kind"]),
        pdu_name=row["ev_pdu"] or "",
        recommendation_number=row["ev_rec_number"],
        summary=_summary(row),
        url=_url(row),
    )


class ActivityFeed:
    """The events, newest first, as a sequence a `Paginator` can count and slice in SQL."""

    def __init__(self, queryset: QuerySet | None):
        self.queryset = queryset

    def count(self) -> int:
        return 0 if self.queryset is None else self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        if not isinstance(index, slice):
            raise TypeError("An activity feed is read a page (a slice) at a time.")
        if self.queryset is None:
            return []
        return [to_event(row) for row in self.queryset[index]]

    def __iter__(self) -> Iterator[Event]:
        if self.queryset is None:
            return
        for row in self.queryset.iterator(chunk_size=1000):
            yield to_event(row)


def events_for(
    user,
    *,
    since: datetime.datetime | datetime.date,
    until: datetime.datetime | datetime.date | None = None,
    pdu: PDU | int | None = None,
    kinds: Collection[str] | None = None,
) -> ActivityFeed:
    """Every event `user` may see from `since` (and before `until`), newest first.

    A date means the whole of that day in the service's time zone: `since` from its start,
    `until` to its end. `pdu` narrows to one PDU (one the user may not see gives nothing);
    `kinds` to some of `KINDS` (None or empty: every kind).
    """
    access = access_for(user)
    start = _start_of(since)
    end = _end_of(until) if until is not None else None
    pdu_id = pdu.pk if isinstance(pdu, PDU) else pdu
    wanted = set(kinds or KINDS)
    branches = []
    for source in SOURCES:
        chosen = [kind for kind in source.kinds if kind in wanted]
        if not chosen:
            continue
        scope = access.pdu_filter(source.pdu_path) & Q(**{f"{source.at}__gte": start})
        if end is not None:
            scope &= Q(**{f"{source.at}__lte": end})
        if pdu_id is not None:
            scope &= Q(**{f"{source.pdu_path}pk": pdu_id})
        queryset, columns = source.build(scope)
        if len(chosen) < len(source.kinds):
            queryset = queryset.filter(**{f"{columns['kind']}__in": chosen})
        branches.append(_select(queryset, **columns))
    if not branches:
        return ActivityFeed(None)
    union = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return ActivityFeed(union.order_by("-ev_at", "-ev_kind", "-ev_id"))


def _end_of(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return end_of_day(moment)


def _start_of(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))
