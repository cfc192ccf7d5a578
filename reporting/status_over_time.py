"""Where recommendations stood, week by week, computed from their progress updates alone.

The updates of every recommendation in view are read in one query (`reporting.status_rows`:
every update, or only those that changed the status or RAG) and everything else happens in
Python, so that a page's query count does not grow with the number of updates. A position
"as at" a moment only looks at updates made at or before it, so the figure for a past week is
the same whether it is computed then or years later (the status pages keep those figures:
`reporting.weeks`).

The weekly counts and the strips walk each recommendation's updates once, oldest first (as
the queries give them), rather than asking for a position at every week or day: a region's
page covers thousands of updates over a hundred weeks or more.
"""

import bisect
import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from recommendations.labels import NO_RAG
from recommendations.models import RAG, Status
from recommendations.rules import ORDER, Position, end_of_day, position_as_at

from .status_rows import STATUS_FIELDS as STATUS_FIELDS
from .status_rows import UPDATE_FIELDS as UPDATE_FIELDS
from .status_rows import StatusChanges as StatusChanges
from .status_rows import StatusRow as StatusRow
from .status_rows import UpdateRow as UpdateRow
from .status_rows import status_changes as status_changes
from .status_rows import statuses_by_recommendation as statuses_by_recommendation
from .status_rows import updates_by_recommendation as updates_by_recommendation

STATUSES: list[str] = list(ORDER)
RAGS: list[str] = [RAG.RED, RAG.AMBER, RAG.GREEN, ""]
ONE_DAY = datetime.timedelta(days=1)


def status_label(status: str) -> str:
    return Status(status).label


def rag_label(rag: str) -> str:
    return RAG(rag).label if rag else NO_RAG


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
    inspection_id: int | None = None


def week_moments(endings: Sequence[datetime.date]) -> list[datetime.datetime]:
    """The end of each day in `endings` (`end_of_day`), in UTC, so that comparing is cheap."""
    return [end_of_day(day).astimezone(datetime.UTC) for day in endings]


def weekly_counts(
    recommendations: Sequence[Tracked],
    updates: dict[int, Sequence[StatusRow | UpdateRow]],
    as_at: datetime.date,
) -> list[Week]:
    """How many recommendations stood at each status and each RAG at the end of each week.

    Weeks run from the first publication among `recommendations` to `as_at`; a recommendation
    counts from its own inspection's publication (the first day of the month published).
    `updates` holds each recommendation's updates oldest first, as `updates_by_recommendation`
    and `statuses_by_recommendation` give them.

    Each recommendation's updates are walked once: an update first counts in the week at whose
    end it had been made, and stands until the first week in which a later one counts. Each
    run of weeks at one status and RAG adds one to the start of the run and takes one off after
    it; running totals then give every week's figures.
    """
    if not recommendations:
        return []
    start = min(publication_start(r.published) for r in recommendations)
    endings = week_ends(start, as_at)
    count = len(endings)
    moments = week_moments(endings)
    status_steps = {s: [0] * (count + 1) for s in STATUSES}
    rag_steps = {r: [0] * (count + 1) for r in RAGS}

    def stand(first: int, last: int, status: str, rag: str) -> None:
        """`status` and `rag` held from week `first` up to (not including) week `last`."""
        steps = status_steps[status]
        steps[first] += 1
        steps[last] -= 1
        steps = rag_steps[rag]
        steps[first] += 1
        steps[last] -= 1

    for rec in recommendations:
        week = bisect.bisect_left(endings, publication_start(rec.published))
        if week >= count:
            continue
        status, rag = Status.NOT_STARTED, ""
        for row in updates.get(rec.pk, ()):
            if row[3] == status and row[4] == rag:
                continue  # changes nothing, whenever it counts from
            # The first week at whose end this update had been made.
            counts_from = bisect.bisect_left(moments, row[1])
            if counts_from >= count:
                break
            if counts_from > week:
                stand(week, counts_from, status, rag)
                week = counts_from
            status, rag = row[3], row[4]
        stand(week, count, status, rag)

    by_status = {s: list(itertools.accumulate(steps[:count])) for s, steps in status_steps.items()}
    by_rag = {r: list(itertools.accumulate(steps[:count])) for r, steps in rag_steps.items()}
    return [
        Week(
            ending,
            {s: by_status[s][index] for s in STATUSES},
            {r: by_rag[r][index] for r in RAGS},
            is_as_at=ending == as_at,
        )
        for index, ending in enumerate(endings)
    ]


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
    recommendation,
    published: datetime.date,
    updates: Sequence[StatusRow | UpdateRow],
    as_at: datetime.date,
    *,
    tz: datetime.tzinfo | None = None,
) -> Strip:
    """The days `recommendation` spent at each status, from publication to `as_at`.

    A day's status is the position at its end, so that the strip agrees with the weekly counts.
    `updates` come oldest first; each that changes the status is placed on its day in the
    service's time zone (`tz`), and the last of each day sets the status from that day on.
    """
    start = publication_start(published)
    strip = Strip(recommendation, start, as_at)
    if as_at < start:
        return strip
    tz = tz or timezone.get_current_timezone()
    # (day, status at its end) for the first day and each day on which an update was made;
    # updates made before the first day set its status.
    changes = [(start, Status.NOT_STARTED)]
    for row in updates:
        if row[3] == changes[-1][1]:
            continue  # changes nothing, whichever day it was made
        day = row[1].astimezone(tz).date()
        if day > as_at:
            break
        if day <= changes[-1][0]:
            changes[-1] = (changes[-1][0], row[3])
        else:
            changes.append((day, row[3]))
    segments = strip.segments
    for day, status in changes:
        if segments:
            if segments[-1].status == status:
                continue
            segments[-1].end = day - ONE_DAY
        segments.append(Segment(day, as_at, status))
    return strip


def status_strips(
    recommendations: Iterable,
    updates: dict[int, Sequence[StatusRow | UpdateRow]],
    as_at: datetime.date,
) -> list[Strip]:
    """A strip per recommendation; each needs `.pk` and `.inspection.published`."""
    tz = timezone.get_current_timezone()
    return [
        status_strip(rec, rec.inspection.published, updates.get(rec.pk, ()), as_at, tz=tz)
        for rec in recommendations
    ]


# The weeks a status page shows: the last 13 by default, everything since publication, or
# the weeks from a chosen day. The counts are always made from publication (a week's
# figures do not depend on which weeks are in view); the view only chooses among them.
LAST_13_WEEKS = "13-weeks"
SINCE_PUBLICATION = "publication"
DATE_RANGE = "range"
RECENT_WEEKS = 13


def weeks_in_view(
    weeks: Sequence[Week], period: str, start: datetime.date | None = None
) -> list[Week]:
    """The weeks of `period`: the last 13, all of them, or those ending on or after `start`."""
    if period == SINCE_PUBLICATION:
        return list(weeks)
    if period == DATE_RANGE:
        return [week for week in weeks if week.ending >= start]
    return list(weeks[-RECENT_WEEKS:])


def endings_in_view(
    endings: Sequence[datetime.date], period: str, start: datetime.date | None = None
) -> list[datetime.date]:
    """The week endings of `period`, as `weeks_in_view` chooses the weeks."""
    if period == SINCE_PUBLICATION:
        return list(endings)
    if period == DATE_RANGE:
        return [ending for ending in endings if ending >= start]
    return list(endings[-RECENT_WEEKS:])


def first_day_in_view(
    weeks: Sequence[Week], period: str, start: datetime.date | None = None
) -> datetime.date | None:
    """The first day the view covers (None: from publication): the strips start there too."""
    return first_day_of([week.ending for week in weeks[:1]], period, start)


def first_day_of(
    endings: Sequence[datetime.date], period: str, start: datetime.date | None = None
) -> datetime.date | None:
    """`first_day_in_view` from the week endings in view."""
    if period == DATE_RANGE:
        return start
    if period == SINCE_PUBLICATION or not endings:
        return None
    # The week of the first bar, counted from the day after the Sunday before it.
    return endings[0] - datetime.timedelta(days=6)


def clip_strip(strip: Strip, first_day: datetime.date | None) -> Strip:
    """`strip` from `first_day` on (or from its own start, if that is later)."""
    if first_day is None or first_day <= strip.start:
        return strip
    clipped = Strip(strip.recommendation, first_day, strip.end)
    for segment in strip.segments:
        if segment.end < first_day:
            continue
        clipped.segments.append(Segment(max(segment.start, first_day), segment.end, segment.status))
    return clipped
