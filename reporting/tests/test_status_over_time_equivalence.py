"""The fast weekly counts and strips give exactly what `position_as_at` gives, week by week
and day by day, from either kind of row, around midnight and the clock changes too."""

import datetime
import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import RAG, ProgressUpdate, Status
from recommendations.rules import end_of_day, position_as_at
from reporting.status_over_time import (
    RAGS,
    STATUSES,
    Tracked,
    Week,
    publication_start,
    status_strip,
    status_strips,
    statuses_by_recommendation,
    updates_by_recommendation,
    week_ends,
    weekly_counts,
)
from tests import factory

# Days around the clock changes in London (30 March and 26 October 2025), and ordinary ones.
DAYS = [
    datetime.date(2024, 10, 20),  # before Kirklees was published
    datetime.date(2024, 11, 1),
    datetime.date(2024, 11, 3),  # a Sunday
    datetime.date(2024, 11, 4),
    datetime.date(2025, 1, 5),
    datetime.date(2025, 3, 29),
    datetime.date(2025, 3, 30),
    datetime.date(2025, 3, 31),
    datetime.date(2025, 6, 1),
    datetime.date(2025, 10, 25),
    datetime.date(2025, 10, 26),
    datetime.date(2025, 10, 27),
]
# Local times of day, including either side of midnight.
TIMES = [
    datetime.time(0, 0),
    datetime.time(0, 0, 0, 1),
    datetime.time(0, 30),
    datetime.time(1, 30),
    datetime.time(12, 0),
    datetime.time(23, 0),
    datetime.time(23, 30),
    datetime.time(23, 59, 59, 999999),
]
AS_AT = [
    datetime.date(2024, 11, 1),
    datetime.date(2024, 11, 3),
    datetime.date(2025, 1, 5),
    datetime.date(2025, 3, 30),
    datetime.date(2025, 6, 4),
    datetime.date(2025, 10, 26),
    datetime.date(2025, 12, 31),
]


@pytest.fixture
def history(kirklees, manager):
    """Kirklees and a later inspection, with updates at awkward moments, some at the same one."""
    later = factory.inspection(recommendations=3, published=datetime.date(2025, 3, 14))
    recommendations = [*kirklees.recommendations.all(), *later.recommendations.all()]
    chance = random.Random(20241101)
    moments = [
        timezone.make_aware(datetime.datetime.combine(day, time)) for day in DAYS for time in TIMES
    ]
    for rec in recommendations[:-1]:  # the last has no updates at all
        chosen = chance.sample(moments, 14)
        chosen += chance.sample(chosen, 3)  # the same moment twice: saved later wins
        for moment in chosen:
            ProgressUpdate.objects.create(
                recommendation=rec,
                author=manager,
                created_at=moment,
                what_was_done="Work",
                status=chance.choice(STATUSES),
                rag=chance.choice(RAGS),
            )
    return recommendations


def full_updates(recommendations):
    return {r.pk: list(ProgressUpdate.objects.filter(recommendation=r)) for r in recommendations}


def reference_weeks(tracked, updates, as_at):
    """The weekly counts the slow way: `position_as_at` for every recommendation every week."""
    start = min(publication_start(t.published) for t in tracked)
    weeks = []
    for ending in week_ends(start, as_at):
        moment = end_of_day(ending)
        by_status, by_rag = dict.fromkeys(STATUSES, 0), dict.fromkeys(RAGS, 0)
        for t in tracked:
            if publication_start(t.published) <= ending:
                position = position_as_at(updates[t.pk], moment)
                by_status[position.status] += 1
                by_rag[position.rag] += 1
        weeks.append(Week(ending, by_status, by_rag, is_as_at=ending == as_at))
    return weeks


def daily_statuses(strip):
    return [s.status for s in strip.segments for _ in range(s.days)]


@pytest.mark.parametrize("fetch", [statuses_by_recommendation, updates_by_recommendation])
def test_the_weekly_counts_agree_with_position_as_at_every_week(history, fetch):
    tracked = [Tracked(r.pk, r.inspection.published) for r in history]
    full = full_updates(history)
    rows = fetch(r.pk for r in history)
    for as_at in AS_AT:
        assert weekly_counts(tracked, rows, as_at) == reference_weeks(tracked, full, as_at)


@pytest.mark.parametrize("fetch", [statuses_by_recommendation, updates_by_recommendation])
def test_each_strip_agrees_with_position_as_at_every_day(history, fetch):
    full = full_updates(history)
    rows = fetch(r.pk for r in history)
    for as_at in AS_AT:
        strips = status_strips(history, rows, as_at)
        for rec, strip in zip(history, strips, strict=True):
            start = publication_start(rec.inspection.published)
            days = [start + datetime.timedelta(days=n) for n in range((as_at - start).days + 1)]
            expected = [position_as_at(full[rec.pk], end_of_day(day)).status for day in days]
            assert daily_statuses(strip) == expected, (rec.pk, as_at)
            statuses = [s.status for s in strip.segments]
            assert all(a != b for a, b in itertools.pairwise(statuses)), "runs are merged"


def test_a_strip_before_publication_is_empty(kirklees):
    rec = kirklees.recommendations.first()
    strip = status_strip(rec, kirklees.published, [], datetime.date(2024, 10, 31))
    assert strip.segments == []


def test_an_update_on_the_day_counting_starts_sets_the_first_days_status(kirklees, manager):
    rec = kirklees.recommendations.first()
    before = timezone.make_aware(datetime.datetime(2024, 10, 20, 9))
    on_the_day = timezone.make_aware(datetime.datetime(2024, 11, 1, 9))
    for moment, status in ((before, Status.IN_PROGRESS), (on_the_day, Status.COMPLETE)):
        ProgressUpdate.objects.create(
            recommendation=rec, author=manager, created_at=moment, what_was_done="W", status=status
        )
    rows = statuses_by_recommendation([rec.pk])[rec.pk]
    strip = status_strip(rec, kirklees.published, rows, datetime.date(2024, 11, 5))
    assert [(s.start.day, s.end.day, s.status) for s in strip.segments] == [(1, 5, "complete")]


def test_the_status_rows_are_the_updates_own_times_and_order_in_one_query(history, manager):
    rec = history[0]
    odd = timezone.make_aware(datetime.datetime(2026, 1, 2, 10, 11, 12, 130000))  # the latest
    ProgressUpdate.objects.create(
        recommendation=rec, author=manager, created_at=odd, what_was_done="W", status="verified"
    )
    ids = [r.pk for r in history]
    with CaptureQueriesContext(connection) as queries:
        rows = statuses_by_recommendation(ids)
    assert len(queries) == 1
    full = updates_by_recommendation(ids)
    assert rows.keys() == full.keys()
    for pk, updates in full.items():
        assert [tuple(row) for row in rows[pk]] == [tuple(u[:5]) for u in updates]
    assert rows[rec.pk][-1].created_at == odd
    assert rows[rec.pk][-1].status == Status.VERIFIED
    assert {row.rag for row in rows[rec.pk]} <= {*RAG.values, ""}
