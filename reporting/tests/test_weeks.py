"""Stored weekly counts give exactly the weeks the sweep gives, for random histories, whichever
weeks are in view, before and after changes that make stored weeks stale; and only the updates
that changed something are read."""

import datetime
import random
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import RAG, ProgressUpdate, Recommendation, Status
from reporting.models import WeeklyCount
from reporting.status_over_time import (
    DATE_RANGE,
    LAST_13_WEEKS,
    RAGS,
    SINCE_PUBLICATION,
    STATUSES,
    Tracked,
    status_changes,
    status_strips,
    statuses_by_recommendation,
    weekly_counts,
    weeks_in_view,
)
from reporting.tests.helpers import at, days_ago
from reporting.weeks import last_week_over, status_over_time, stored_weeks, tally_moment
from tests import factory

PERIODS = [
    (LAST_13_WEEKS, None),
    (SINCE_PUBLICATION, None),
    (DATE_RANGE, datetime.date(2025, 1, 6)),
]


def as_at_days() -> list[datetime.date]:
    """Past days (a Sunday, a weekday, the last week over) and today, whatever today is."""
    over = last_week_over()
    return [datetime.date(2025, 3, 30), datetime.date(2025, 6, 4), over, timezone.localdate()]


def random_history(recommendations, author, seed: int, count: int = 12) -> None:
    """Updates at random past moments (some the same moment), and some in the current week."""
    chance = random.Random(seed)
    first = datetime.date(2024, 10, 20)
    span = (timezone.localdate() - first).days
    for rec in recommendations:
        for _ in range(chance.randint(0, count)):
            day = first + datetime.timedelta(days=chance.randint(0, span))
            moment = at(day, chance.choice([0, 9, 23]))
            ProgressUpdate.objects.create(
                recommendation=rec,
                author=author,
                created_at=moment,
                what_was_done="Work",
                status=chance.choice(STATUSES),
                rag=chance.choice(RAGS),
            )


def tracked(recommendations) -> list[Tracked]:
    return [Tracked(r.pk, r.inspection.published, r.inspection_id) for r in recommendations]


def swept(recommendations, as_at, period, start):
    """The weeks as the page worked them out before: every update, one sweep, then the view."""
    rows = statuses_by_recommendation(r.pk for r in recommendations)
    return weeks_in_view(weekly_counts(tracked(recommendations), rows, as_at), period, start)


def from_store(recommendations, as_at, period, start):
    return status_over_time(tracked(recommendations), as_at, period, start)[0]


@pytest.fixture
def region_recommendations(kirklees, calderdale, manager):
    later = factory.inspection(calderdale, recommendations=4, published=datetime.date(2025, 3, 14))
    recs = list(
        Recommendation.objects.filter(inspection__in=[kirklees, later]).select_related("inspection")
    )
    random_history(recs, manager, seed=11)
    return recs


@pytest.mark.parametrize("period, start", PERIODS)
def test_stored_weeks_are_the_weeks_the_sweep_gives(region_recommendations, period, start):
    for as_at in as_at_days():
        expected = swept(region_recommendations, as_at, period, start)
        assert from_store(region_recommendations, as_at, period, start) == expected  # storing
        assert from_store(region_recommendations, as_at, period, start) == expected  # stored


@pytest.mark.parametrize("seed", range(6))
def test_stored_weeks_agree_with_the_sweep_for_random_histories(kirklees, manager, seed):
    recs = list(kirklees.recommendations.select_related("inspection"))
    random_history(recs, manager, seed=seed, count=30)
    for period, start in PERIODS:
        for as_at in as_at_days():
            assert from_store(recs, as_at, period, start) == swept(recs, as_at, period, start)


def changes_in_the_past(recs, manager):
    """Each kind of change that makes stored weeks stale, one after another."""
    rec = recs[0]
    yield "an update backdated after it was written"
    made = factory.update(rec, manager, rag=RAG.GREEN, at=at(datetime.date(2025, 2, 2)))
    yield "an update written with a past time without a save()"
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                recommendation=recs[1],
                author=manager,
                created_at=at(datetime.date(2025, 4, 1)),
                what_was_done="Restored",
                status=Status.IN_PROGRESS,
                rag=RAG.RED,
            )
        ]
    )
    yield "an update removed"
    ProgressUpdate.objects.filter(pk=made.pk).delete()
    yield "a recommendation added by a re-import"
    added = Recommendation.objects.create(inspection=rec.inspection, number=99, text="New")
    recs.append(Recommendation.objects.select_related("inspection").get(pk=added.pk))
    yield "a recommendation without updates removed by a re-import"
    recs.pop().delete()
    yield "an update logged today"
    factory.update(recs[3], manager, status=Status.IN_PROGRESS, rag=RAG.AMBER)


def test_stored_weeks_follow_changes_that_make_them_stale(region_recommendations, manager):
    recs = region_recommendations
    for change in changes_in_the_past(recs, manager):
        for period, start in PERIODS:
            for as_at in as_at_days():
                expected = swept(recs, as_at, period, start)
                assert from_store(recs, as_at, period, start) == expected, (change, period, as_at)


def test_weeks_that_are_over_are_stored_once_and_the_current_week_never(region_recommendations):
    today = timezone.localdate()
    from_store(region_recommendations, today, SINCE_PUBLICATION, None)
    endings = set(WeeklyCount.objects.values_list("week_ending", flat=True))
    assert max(endings) == last_week_over() < today
    assert all(ending.weekday() == 6 for ending in endings)
    ids = set(WeeklyCount.objects.values_list("pk", flat=True))
    from_store(region_recommendations, today, SINCE_PUBLICATION, None)
    assert set(WeeklyCount.objects.values_list("pk", flat=True)) == ids


def test_a_past_as_at_day_reads_every_sunday_from_the_store(region_recommendations):
    sunday = datetime.date(2025, 6, 1)
    from_store(region_recommendations, sunday, SINCE_PUBLICATION, None)
    stored = list(WeeklyCount.objects.filter(week_ending__lte=sunday))
    WeeklyCount.objects.filter(pk__in=[w.pk for w in stored]).update(verified=1000)
    weeks = from_store(region_recommendations, sunday, SINCE_PUBLICATION, None)
    assert all(week.by_status[Status.VERIFIED] >= 1000 for week in weeks)  # read, not redone


def test_two_requests_that_race_store_one_row_a_week(region_recommendations):
    recs = tracked(region_recommendations)
    changes = status_changes([r.pk for r in recs], tally_until=tally_moment())
    today = timezone.localdate()
    first = stored_weeks(recs, changes, today, SINCE_PUBLICATION)
    WeeklyCount.objects.update(fingerprint="stale")  # both see stale weeks...
    again = stored_weeks(recs, changes, today, SINCE_PUBLICATION)
    twice = stored_weeks(recs, changes, today, SINCE_PUBLICATION)  # ...and both store them
    assert first == again == twice
    pairs = list(WeeklyCount.objects.values_list("inspection", "week_ending"))
    assert len(pairs) == len(set(pairs))


def test_only_the_updates_that_change_the_status_or_rag_are_read(kirklees, manager):
    rec = kirklees.recommendations.get(number=1)
    for day, status, rag in [
        (1, Status.IN_PROGRESS, RAG.RED),
        (2, Status.IN_PROGRESS, RAG.RED),  # changes nothing
        (3, Status.IN_PROGRESS, RAG.AMBER),
        (4, Status.IN_PROGRESS, RAG.AMBER),  # changes nothing
        (5, Status.COMPLETE, RAG.AMBER),
    ]:
        factory.update(rec, manager, status=status, rag=rag, at=at(datetime.date(2025, 1, day)))
    with CaptureQueriesContext(connection) as queries:
        changes = status_changes([rec.pk])
    assert len(queries) == 1
    assert [(row.created_at.day, row.status, row.rag) for row in changes.rows[rec.pk]] == [
        (1, Status.IN_PROGRESS, RAG.RED),
        (3, Status.IN_PROGRESS, RAG.AMBER),
        (5, Status.COMPLETE, RAG.AMBER),
    ]


def test_changes_since_a_day_keep_the_position_just_before_it(kirklees, manager):
    rec = kirklees.recommendations.get(number=1)
    for day, status in [(1, Status.IN_PROGRESS), (2, Status.COMPLETE), (20, Status.VERIFIED)]:
        factory.update(rec, manager, status=status, at=at(datetime.date(2025, 1, day)))
    since = at(datetime.date(2025, 1, 10), 0)
    rows = status_changes([rec.pk], since=since).rows[rec.pk]
    assert [(row.created_at.day, row.status) for row in rows] == [
        (2, Status.COMPLETE),
        (20, Status.VERIFIED),
    ]


def test_the_strips_from_the_changes_are_the_strips_from_every_update(region_recommendations):
    every = statuses_by_recommendation(r.pk for r in region_recommendations)
    changes = status_changes(r.pk for r in region_recommendations).rows
    for as_at in as_at_days():
        assert status_strips(region_recommendations, changes, as_at) == status_strips(
            region_recommendations, every, as_at
        )


def test_the_current_week_counts_an_update_logged_today(kirklees, manager):
    recs = list(kirklees.recommendations.select_related("inspection"))
    today = timezone.localdate()
    from_store(recs, today, LAST_13_WEEKS, None)
    factory.update(recs[0], manager, status=Status.IN_PROGRESS, rag=RAG.GREEN)
    last = from_store(recs, today, LAST_13_WEEKS, None)[-1]
    assert last.ending == today
    assert last.by_status[Status.IN_PROGRESS] == 1
    assert last.by_rag[RAG.GREEN] == 1
    assert days_ago(0) == today


@pytest.mark.django_db(transaction=True)
def test_requests_storing_the_same_weeks_at_once_all_get_their_page(kirklees, manager):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race is PostgreSQL's")
    recs = list(kirklees.recommendations.select_related("inspection"))
    random_history(recs, manager, seed=5)
    expected = swept(recs, timezone.localdate(), SINCE_PUBLICATION, None)
    results, errors = [], []

    def request() -> None:
        try:
            results.append(from_store(recs, timezone.localdate(), SINCE_PUBLICATION, None))
        except Exception as error:  # any error is the test's failure
            errors.append(error)
        finally:
            connections.close_all()

    for _ in range(3):
        WeeklyCount.objects.update(fingerprint="stale")
        threads = [threading.Thread(target=request) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert all(weeks == expected for weeks in results) and len(results) == 18
    pairs = list(WeeklyCount.objects.values_list("inspection", "week_ending"))
    assert len(pairs) == len(set(pairs))
