"""Where recommendations stood, week by week, computed from their progress updates alone.

The updates of every recommendation in view are read in one query (`updates_by_recommendation`)
and everything else happens in Python, so that a page's query count does not grow with the
number of updates. A position "as at" a moment only looks at updates made at or before it,
so the figure for a past week is the same whether it is computed then or years later.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from recommendations.models import RAG, ProgressUpdate, Status
from recommendations.rules import ORDER, Position, end_of_day, position_as_at

STATUSES: list[str] = list(ORDER)
RAGS: list[str] = [RAG.RED, RAG.AMBER, RAG.GREEN, ""]
NO_RAG_LABEL = "No RAG"


class UpdateRow(NamedTuple):
    """The fields of a progress update that make a position, and nothing else."""

    recommendation_id: int
    created_at: datetime.datetime
    pk: int
    status: str
    rag: str
    progress: str
    improvement_still_required: bool | None


UPDATE_FIELDS = UpdateRow._fields


def updates_by_recommendation(recommendation_ids: Iterable[int]) -> dict[int, list[UpdateRow]]:
    """Every update of these recommendations, oldest first, in one query."""
    grouped: dict[int, list[UpdateRow]] = defaultdict(list)
    rows = (
        ProgressUpdate.objects.filter(recommendation_id__in=list(recommendation_ids))
        .order_by("created_at", "pk")
        .values_list(*UPDATE_FIELDS)
    )
    for row in rows:
        grouped[row[0]].append(UpdateRow(*row))
    return grouped


def status_label(status: str) -> str:
    return Status(status).label


def rag_label(rag: str) -> str:
    return RAG(rag).label if rag else NO_RAG_LABEL


def publication_start(published: datetime.date) -> datetime.date:
    """Counting starts on the first day of the month the report was published."""
    return published.replace(day=1)


def week_ends(start: datetime.date, as_at: datetime.date) -> list[datetime.date]:
    """Each Sunday from `start` up to `as_at`, and `as_at` itself last if it is not a Sunday."""
    if as_at < start:
        return []
    sunday = start + datetime.timedelta(days=(6 - start.weekday()) % 7)
    days = []
    while sunday <= as_at:
        days.append(sunday)
        sunday += datetime.timedelta(days=7)
    if not days or days[-1] != as_at:
        days.append(as_at)
    return days


class Timeline:
    """One recommendation's updates, sorted once, answering "as at" questions by bisection.

    Gives the same answer as `position_as_at` (tested), without scanning every update
    for every week.
    """

    def __init__(self, updates: Iterable[UpdateRow]):
        self.updates = sorted(updates, key=lambda u: (u.created_at, u.pk))
        self.moments = [u.created_at for u in self.updates]

    def position_at(self, moment: datetime.datetime) -> Position:
        index = bisect.bisect_right(self.moments, moment)
        if index == 0:
            return Position()
        return position_as_at([self.updates[index - 1]], moment)


def positions_as_at(
    recommendation_ids: Iterable[int],
    updates: dict[int, list[UpdateRow]],
    as_at: datetime.date,
) -> dict[int, Position]:
    """The position of each recommendation at the end of `as_at`, from its updates alone."""
    moment = end_of_day(as_at)
    return {pk: position_as_at(updates.get(pk, ()), moment) for pk in recommendation_ids}


@dataclass
class Week:
    ending: datetime.date
    by_status: dict[str, int]
    by_rag: dict[str, int]
    is_as_at: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def status_counts(self) -> list[tuple[str, int]]:
        return [(status_label(s), self.by_status[s]) for s in STATUSES]

    def rag_counts(self) -> list[tuple[str, int]]:
        return [(rag_label(r), self.by_rag[r]) for r in RAGS]


@dataclass
class Tracked:
    """A recommendation as the counts see it: from when it was published."""

    pk: int
    published: datetime.date


def weekly_counts(
    recommendations: Sequence[Tracked],
    updates: dict[int, list[UpdateRow]],
    as_at: datetime.date,
) -> list[Week]:
    """How many recommendations stood at each status and each RAG at the end of each week.

    Weeks run from the first publication among `recommendations` to `as_at`; a recommendation
    counts from its own inspection's publication (the first day of the month published).
    """
    if not recommendations:
        return []
    start = min(publication_start(r.published) for r in recommendations)
    timelines = {r.pk: Timeline(updates.get(r.pk, ())) for r in recommendations}
    weeks = []
    for ending in week_ends(start, as_at):
        moment = end_of_day(ending)
        by_status = dict.fromkeys(STATUSES, 0)
        by_rag = dict.fromkeys(RAGS, 0)
        for rec in recommendations:
            if publication_start(rec.published) > ending:
                continue
            position = timelines[rec.pk].position_at(moment)
            by_status[position.status] += 1
            by_rag[position.rag] += 1
        weeks.append(Week(ending, by_status, by_rag, is_as_at=ending == as_at))
    return weeks


@dataclass
class Segment:
    start: datetime.date
    end: datetime.date  # inclusive
    status: str

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Strip:
    """One recommendation's status over time, as runs of days at one status."""

    recommendation: object
    start: datetime.date
    end: datetime.date
    segments: list[Segment] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def status_strip(
    recommendation, published: datetime.date, updates: Iterable[UpdateRow], as_at: datetime.date
) -> Strip:
    """The days `recommendation` spent at each status, from publication to `as_at`.

    A day's status is the position at its end, so that the strip agrees with the weekly counts.
    """
    start = publication_start(published)
    strip = Strip(recommendation, start, as_at)
    if as_at < start:
        return strip
    timeline = Timeline(updates)
    # Only the days on which an update was made can change the status.
    change_days = sorted({timezone.localdate(u.created_at) for u in timeline.updates})
    days = [start, *(d for d in change_days if start < d <= as_at)]
    for index, day in enumerate(days):
        status = timeline.position_at(end_of_day(day)).status
        last = days[index + 1] - datetime.timedelta(days=1) if index + 1 < len(days) else as_at
        if strip.segments and strip.segments[-1].status == status:
            strip.segments[-1].end = last
        else:
            strip.segments.append(Segment(day, last, status))
    return strip


def status_strips(
    recommendations: Iterable,
    updates: dict[int, list[UpdateRow]],
    as_at: datetime.date,
) -> list[Strip]:
    """A strip per recommendation; each needs `.pk` and `.inspection.published`."""
    return [
        status_strip(rec, rec.inspection.published, updates.get(rec.pk, ()), as_at)
        for rec in recommendations
    ]
