"""Where the activity feed's events come from, one source per table.

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
    UpdateKind,
)

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


def select_columns(queryset: QuerySet, **columns) -> QuerySet:
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
