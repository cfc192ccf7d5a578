"""Status over time from stored weekly counts: weeks that are over are read back, not redone.

A week that is over (its Sunday is before today) never changes, since updates are stamped
when written; its figures are kept per inspection (`WeeklyCount`) and summed over the
inspections in view. Only the weeks in view are read, so a page's cost does not grow with
the length of the history. The part week (today, or an "as at" day that is not a Sunday) is
worked out live from the status changes the page reads for its strips anyway.

An inspection's stored weeks carry a fingerprint of what they were worked out from: its
recommendations, when counting starts, and how many updates each had by the end of the last
week that is over (and the sum of their keys). An update written with a past time (a restore,
synthetic data, a backdated row), a recommendation added or removed by a re-import, or a new
week that has ended changes it: that inspection's weeks are worked out again, once, from the
same status changes, and stored. Two requests that race store the same figures; the unique
constraint keeps one row, and a failed write never fails the page.
"""

import bisect
import datetime
import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence

from django.db import DatabaseError, transaction
from django.utils import timezone

from recommendations.models import Status
from recommendations.rules import end_of_day

from .models import WeeklyCount
from .status_over_time import (
    RAGS,
    STATUSES,
    StatusChanges,
    Tracked,
    Week,
    endings_in_view,
    first_day_of,
    publication_start,
    status_changes,
    week_ends,
    weekly_counts,
)

logger = logging.getLogger(__name__)

# The column of each status and RAG (the RAG "none" is the empty string).
COLUMNS = {**{s: str(s) for s in STATUSES}, **{r: str(r) or "no_rag" for r in RAGS}}
SUNDAY = 6


def last_week_over(today: datetime.date | None = None) -> datetime.date:
    """The last Sunday before `today`: the end of the latest week that is over."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=(today.weekday() + 1) % 7 or 7)


def tally_moment(today: datetime.date | None = None) -> datetime.datetime:
    """What `status_changes(..., tally_until=...)` needs for the fingerprints."""
    return end_of_day(last_week_over(today))


def fingerprint(recommendations: Sequence[Tracked], tallies: dict[int, tuple[int, int]]) -> str:
    """What an inspection's stored weeks were worked out from, in 32 characters."""
    parts = sorted(
        (r.pk, publication_start(r.published).isoformat(), *tallies.get(r.pk, (0, 0)))
        for r in recommendations
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def status_over_time(
    recommendations: Sequence[Tracked],
    as_at: datetime.date,
    period: str,
    start: datetime.date | None = None,
) -> tuple[list[Week], StatusChanges, datetime.date | None]:
    """The weeks in view, the status changes the strips need, and the day the view starts.

    The changes are read from the first day in view on (with the position just before it),
    so that the default view reads the same number of rows however long the history.
    """
    first = min((publication_start(r.published) for r in recommendations), default=as_at)
    endings = endings_in_view(week_ends(first, as_at), period, start)
    first_day = first_day_of(endings, period, start)
    changes = status_changes(
        [r.pk for r in recommendations],
        tally_until=tally_moment(),
        since=first_day and end_of_day(first_day - datetime.timedelta(days=1)),
    )
    return stored_weeks(recommendations, changes, as_at, period, start), changes, first_day


def stored_weeks(
    recommendations: Sequence[Tracked],
    changes: StatusChanges,
    as_at: datetime.date,
    period: str,
    start: datetime.date | None = None,
    *,
    today: datetime.date | None = None,
) -> list[Week]:
    """The weeks of `period` up to `as_at`, as `weekly_counts` and `weeks_in_view` give them.

    `recommendations` carry their `inspection_id`; `changes` comes from `status_changes` with
    `tally_until=tally_moment(today)`, and from the first day in view on (or all of them).
    """
    if not recommendations:
        return []
    first = min(publication_start(r.published) for r in recommendations)
    endings = endings_in_view(week_ends(first, as_at), period, start)
    over = last_week_over(today)
    kept = [e for e in endings if e <= over and e.weekday() == SUNDAY]
    by_inspection: dict[int, list[Tracked]] = defaultdict(list)
    for rec in recommendations:
        by_inspection[rec.inspection_id].append(rec)
    figures = _kept_figures(by_inspection, changes.tallies, kept, over) if kept else {}
    weeks = []
    for ending in endings:
        by_status, by_rag = figures.get(ending) or _live(recommendations, changes, ending)
        weeks.append(Week(ending, by_status, by_rag, is_as_at=ending == as_at))
    return weeks


def _kept_figures(
    by_inspection: dict[int, list[Tracked]],
    tallies: dict[int, tuple[int, int]],
    kept: list[datetime.date],
    over: datetime.date,
) -> dict[datetime.date, tuple[dict, dict]]:
    """The summed figures of the stored weeks `kept`, storing those missing or stale first."""
    prints = {pk: fingerprint(recs, tallies) for pk, recs in by_inspection.items()}
    rows = WeeklyCount.objects.filter(
        inspection_id__in=list(by_inspection), week_ending__gte=kept[0], week_ending__lte=kept[-1]
    ).values_list("inspection_id", "week_ending", "fingerprint", *COLUMNS.values())
    stored: dict[int, dict[datetime.date, tuple]] = defaultdict(dict)
    for inspection_id, ending, mark, *counts in rows:
        if mark == prints[inspection_id]:
            stored[inspection_id][ending] = tuple(counts)
    stale = [pk for pk, recs in by_inspection.items() if _missing(stored[pk], recs, kept)]
    if stale:
        recs = [r for pk in stale for r in by_inspection[pk]]
        every_change = status_changes([r.pk for r in recs]).rows
        fresh = {pk: _work_out(by_inspection[pk], every_change, over) for pk in stale}
        stored.update(fresh)
        _store(fresh, prints)
    totals = {}
    for ending in kept:
        sums = [0] * len(COLUMNS)
        for weeks in stored.values():
            for index, count in enumerate(weeks.get(ending, ())):
                sums[index] += count
        totals[ending] = (
            dict(zip(STATUSES, sums[: len(STATUSES)], strict=True)),
            dict(zip(RAGS, sums[len(STATUSES) :], strict=True)),
        )
    return totals


def _missing(stored: dict, recommendations: Sequence[Tracked], kept: list[datetime.date]) -> bool:
    """Whether any week in `kept` from the inspection's counting start is not in `stored`."""
    counting_from = min(publication_start(r.published) for r in recommendations)
    return any(ending not in stored for ending in kept if ending >= counting_from)


def _work_out(
    recommendations: Sequence[Tracked], changes: dict[int, list], over: datetime.date
) -> dict[datetime.date, tuple]:
    """One inspection's figures for every week that is over, by the one sweep."""
    return {
        week.ending: (*(week.by_status[s] for s in STATUSES), *(week.by_rag[r] for r in RAGS))
        for week in weekly_counts(recommendations, changes, over)
        if week.ending.weekday() == SUNDAY
    }


def _store(fresh: dict[int, dict[datetime.date, tuple]], prints: dict[int, str]) -> None:
    """Replace these inspections' stored weeks; a race or a failure leaves the page as it is."""
    made = [
        WeeklyCount(
            inspection_id=pk,
            week_ending=ending,
            fingerprint=prints[pk],
            **dict(zip(COLUMNS.values(), counts, strict=True)),
        )
        for pk, weeks in fresh.items()
        for ending, counts in weeks.items()
    ]
    try:
        with transaction.atomic():
            WeeklyCount.objects.filter(inspection_id__in=list(fresh)).delete()
            WeeklyCount.objects.bulk_create(made, ignore_conflicts=True, batch_size=1000)
    except DatabaseError:
        logger.warning("Stored weeks not written for inspections %s", sorted(fresh), exc_info=True)


def _live(
    recommendations: Sequence[Tracked], changes: StatusChanges, ending: datetime.date
) -> tuple[dict, dict]:
    """The figures at the end of `ending` from the status changes: the latest by then stands."""
    moment = end_of_day(ending).astimezone(datetime.UTC)
    by_status, by_rag = dict.fromkeys(STATUSES, 0), dict.fromkeys(RAGS, 0)
    for rec in recommendations:
        if publication_start(rec.published) > ending:
            continue
        rows = changes.rows.get(rec.pk, ())
        index = bisect.bisect_right([row[1] for row in rows], moment)
        status, rag = (
            (rows[index - 1][3], rows[index - 1][4]) if index else (Status.NOT_STARTED, "")
        )
        by_status[status] += 1
        by_rag[rag] += 1
    return by_status, by_rag
