"""Where recommendations stood, week by week, computed from their progress updates alone.

The updates of every recommendation in view are read in one query (`updates_by_recommendation`,
or `statuses_by_recommendation` where only status and RAG matter) and everything else happens
in Python, so that a page's query count does not grow with the number of updates. A position
"as at" a moment only looks at updates made at or before it, so the figure for a past week is
the same whether it is computed then or years later.

The weekly counts and the strips walk each recommendation's updates once, oldest first (as
both queries give them), rather than asking for a position at every week or day: a region's
page covers thousands of updates over a hundred weeks or more.
"""

import bisect
import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from recommendations.models import RAG, ProgressUpdate, Status
from recommendations.rules import ORDER, Position, end_of_day, position_as_at

STATUSES: list[str] = list(ORDER)
RAGS: list[str] = [RAG.RED, RAG.AMBER, RAG.GREEN, ""]
NO_RAG_LABEL = "No RAG"
ONE_DAY = datetime.timedelta(days=1)


class UpdateRow(NamedTuple):
    """The fields of a progress update that make a position, and nothing else."""

    recommendation_id: int
    created_at: datetime.datetime
    pk: int
    status: str
    rag: str
    progress: str
    improvement_still_required: bool | None
    kind: str


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


class StatusRow(NamedTuple):
    """What the weekly counts and the strips need of an update: the first fields of `UpdateRow`."""

    recommendation_id: int
    created_at: datetime.datetime
    pk: int
    status: str
    rag: str


STATUS_FIELDS = StatusRow._fields
assert UPDATE_FIELDS[: len(STATUS_FIELDS)] == STATUS_FIELDS  # either kind of row will do


def statuses_by_recommendation(
    recommendation_ids: Iterable[int],
) -> dict[int, list[StatusRow]]:
    """Every update's time, status and RAG, oldest first per recommendation, in one query.

    All the status pages need. The time comes as text and is parsed by
    `datetime.fromisoformat`: the timestamptz loader Django installs for psycopg runs in
    Python and costs several microseconds a row, which at a region's thousands of updates was
    most of the query's time. The text carries its offset on PostgreSQL; SQLite stores UTC.
    """
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    rows = (
        ProgressUpdate.objects.filter(recommendation_id__in=list(recommendation_ids))
        .order_by("recommendation_id", "created_at", "pk")
        .values_list("recommendation_id", Cast("created_at", TextField()), "pk", "status", "rag")
    )
    parse, utc, new = datetime.datetime.fromisoformat, datetime.UTC, tuple.__new__
    for recommendation_id, text, pk, status, rag in rows:
        moment = parse(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        grouped[recommendation_id].append(
            new(StatusRow, (recommendation_id, moment, pk, status, rag))
        )
    return grouped


@dataclass
class StatusChanges:
    """The updates that changed a recommendation's status or RAG, oldest first per recommendation,
    and for each recommendation with updates a tally of those made by `tally_until`: how many,
    and the sum of their keys (what the stored weeks' fingerprint is made of)."""

    rows: dict[int, list[StatusRow]]
    tallies: dict[int, tuple[int, int]]


# The updates that changed the status or the RAG: each update beside the one before it (LAG over
# the recommendation's updates in time order), with two tallies over all of them; of the changes
# made by `since`, only the last (the position then) is kept. The time is cast to text only for
# the rows kept (see `statuses_by_recommendation`). Written as SQL because the ORM cannot filter
# on a window over a filtered window. Runs on SQLite (>= 3.30: FILTER over a window) and
# PostgreSQL alike.
STATUS_CHANGES_SQL = """
SELECT recommendation_id, CAST(created_at AS TEXT), id, status, rag, tally, tally_keys FROM (
    SELECT *, LEAD(created_at) OVER (
        PARTITION BY recommendation_id ORDER BY created_at, id
    ) AS next_change FROM (
        SELECT recommendation_id, created_at, id, status, rag,
            LAG(status || '/' || rag) OVER (
                PARTITION BY recommendation_id ORDER BY created_at, id
            ) AS previous,
            COUNT(*) FILTER (WHERE created_at <= %s) OVER (PARTITION BY recommendation_id)
                AS tally,
            SUM(id) FILTER (WHERE created_at <= %s) OVER (PARTITION BY recommendation_id)
                AS tally_keys
        FROM {table} WHERE recommendation_id IN ({ids})
    ) AS updates
    WHERE previous IS NULL OR previous <> status || '/' || rag
) AS changes
WHERE created_at > %s OR next_change IS NULL OR next_change > %s
ORDER BY recommendation_id, created_at, id
"""
LONG_AGO = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def status_changes(
    recommendation_ids: Iterable[int],
    *,
    tally_until: datetime.datetime | None = None,
    since: datetime.datetime | None = None,
) -> StatusChanges:
    """The updates that changed the status or the RAG, oldest first, in one query.

    They give the same weekly counts and strips as every update would, since an update that
    repeats the position before it changes nothing. With `since`, of the changes made by then
    only the last is read: enough for strips and counts from then on. Tallies count all the
    updates made by `tally_until` (none if it is None).
    """
    ids = [int(pk) for pk in recommendation_ids]
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    tallies: dict[int, tuple[int, int]] = {}
    if not ids:
        return StatusChanges(grouped, tallies)
    connection = connections[ProgressUpdate.objects.db]
    sql = STATUS_CHANGES_SQL.format(
        table=connection.ops.quote_name(ProgressUpdate._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    prepare = ProgressUpdate._meta.get_field("created_at").get_db_prep_value
    until, since = (prepare(m or LONG_AGO, connection) for m in (tally_until, since))
    with connection.cursor() as cursor:
        cursor.execute(sql, [until, until, *ids, since, since])
        rows = cursor.fetchall()
    parse, utc, new = datetime.datetime.fromisoformat, datetime.UTC, tuple.__new__
    for recommendation_id, text, pk, status, rag, tally, tally_keys in rows:
        moment = parse(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        grouped[recommendation_id].append(
            new(StatusRow, (recommendation_id, moment, pk, status, rag))
        )
        tallies[recommendation_id] = (tally, tally_keys or 0)
    return StatusChanges(grouped, tallies)
    connection = connections[ProgressUpdate.objects.db]
    moment = tally_until or datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
    sql = STATUS_CHANGES_SQL.format(
        table=connection.ops.quote_name(ProgressUpdate._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    field = ProgressUpdate._meta.get_field("created_at")
    cutoff = field.get_db_prep_value(moment, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cutoff, cutoff, *ids])
        rows = cursor.fetchall()
    parse, utc, new = datetime.datetime.fromisoformat, datetime.UTC, tuple.__new__
    for recommendation_id, text, pk, status, rag, tally, tally_keys in rows:
        moment = parse(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        grouped[recommendation_id].append(
            new(StatusRow, (recommendation_id, moment, pk, status, rag))
        )
        tallies[recommendation_id] = (tally, tally_keys or 0)
    return StatusChanges(grouped, tallies)


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
