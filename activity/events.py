"""An event as the feed shows it: who, what, where, and a sentence saying what happened."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from recommendations.models import ActionStatus, PlanChange, PlanField, Status, UpdateKind
from reporting.indicators import format_value

from .sources import KINDS

SUMMARY_TEXT = 120


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
