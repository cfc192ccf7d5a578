import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.status_over_time import (
    Tracked,
    positions_as_at,
    status_strip,
    updates_by_recommendation,
    week_ends,
    weekly_counts,
)
from reporting.tests.helpers import at
from tests import factory

NOV_1 = datetime.date(2024, 11, 1)


def tracked(inspection):
    return [Tracked(r.pk, inspection.published) for r in inspection.recommendations.all()]


def test_weeks_end_on_sundays_from_the_month_published_to_the_as_at_date():
    assert week_ends(NOV_1, datetime.date(2024, 11, 20)) == [
        datetime.date(2024, 11, 3),
        datetime.date(2024, 11, 10),
        datetime.date(2024, 11, 17),
        datetime.date(2024, 11, 20),
    ]


def test_an_as_at_sunday_is_not_counted_twice():
    assert week_ends(NOV_1, datetime.date(2024, 11, 10))[-1] == datetime.date(2024, 11, 10)
    assert len(week_ends(NOV_1, datetime.date(2024, 11, 10))) == 2


def test_there_are_no_weeks_before_publication():
    assert week_ends(NOV_1, datetime.date(2024, 10, 31)) == []


def test_all_of_kirklees_eight_recommendations_start_not_started(kirklees):
    weeks = weekly_counts(tracked(kirklees), {}, datetime.date(2024, 11, 30))
    assert [w.by_status["not_started"] for w in weeks] == [8, 8, 8, 8, 8]
    assert weeks[-1].by_rag[""] == 8


def test_each_week_counts_the_position_at_the_end_of_its_sunday(kirklees, manager):
    first, second = kirklees.recommendations.all()[:2]
    factory.update(first, manager, rag="red", at=at(datetime.date(2024, 11, 10), hour=23))
    factory.update(second, manager, rag="amber", at=at(datetime.date(2024, 11, 11), hour=0))
    factory.update(
        first, manager, status="complete", rag="green", at=at(datetime.date(2024, 11, 20))
    )
    updates = updates_by_recommendation(r.pk for r in kirklees.recommendations.all())
    weeks = weekly_counts(tracked(kirklees), updates, datetime.date(2024, 11, 24))
    by_week = {w.ending.day: (w.by_status, w.by_rag) for w in weeks}
    assert by_week[3][0] == {"not_started": 8, "in_progress": 0, "complete": 0, "verified": 0}
    assert by_week[10][0] == {"not_started": 7, "in_progress": 1, "complete": 0, "verified": 0}
    assert by_week[10][1] == {"red": 1, "amber": 0, "green": 0, "": 7}
    assert by_week[17][0] == {"not_started": 6, "in_progress": 2, "complete": 0, "verified": 0}
    assert by_week[24][0] == {"not_started": 6, "in_progress": 1, "complete": 1, "verified": 0}
    assert by_week[24][1] == {"red": 0, "amber": 1, "green": 1, "": 6}


def test_a_position_as_at_a_past_date_does_not_change_when_later_updates_are_made(
    kirklees, manager
):
    rec = kirklees.recommendations.get(number=3)
    factory.update(rec, manager, rag="red", at=at(datetime.date(2024, 12, 2)))
    day = datetime.date(2024, 12, 15)
    ids = [r.pk for r in kirklees.recommendations.all()]
    before = positions_as_at(ids, updates_by_recommendation(ids), day)
    weeks_before = weekly_counts(tracked(kirklees), updates_by_recommendation(ids), day)
    factory.update(rec, manager, status="complete", rag="green")
    factory.update(kirklees.recommendations.get(number=4), manager, rag="amber")
    after = positions_as_at(ids, updates_by_recommendation(ids), day)
    weeks_after = weekly_counts(tracked(kirklees), updates_by_recommendation(ids), day)
    assert after == before
    assert weeks_after == weeks_before
    assert before[rec.pk].status == "in_progress"


def test_updates_for_any_number_of_recommendations_are_read_in_one_query(kirklees, manager):
    for rec in kirklees.recommendations.all():
        factory.update(rec, manager)
    with CaptureQueriesContext(connection) as queries:
        updates = updates_by_recommendation(r.pk for r in kirklees.recommendations.all())
    assert len(queries) == 1
    assert sum(len(rows) for rows in updates.values()) == 8


def test_a_recommendation_is_counted_only_from_its_own_inspections_publication(kirklees):
    later = factory.inspection(recommendations=2, published=datetime.date(2025, 1, 1))
    recs = tracked(kirklees) + tracked(later)
    weeks = weekly_counts(recs, {}, datetime.date(2025, 1, 12))
    assert weeks[0].ending == datetime.date(2024, 11, 3)
    assert weeks[0].total == 8
    assert weeks[-1].total == 10


def test_a_strip_shows_the_runs_of_days_at_each_status(kirklees, manager):
    rec = kirklees.recommendations.first()
    factory.update(rec, manager, at=at(datetime.date(2024, 11, 5)))
    factory.update(rec, manager, rag="red", at=at(datetime.date(2024, 11, 8)))
    factory.update(rec, manager, status="complete", at=at(datetime.date(2024, 11, 12)))
    strip = status_strip(
        rec,
        kirklees.published,
        updates_by_recommendation([rec.pk])[rec.pk],
        datetime.date(2024, 11, 15),
    )
    assert [(s.start.day, s.end.day, s.status) for s in strip.segments] == [
        (1, 4, "not_started"),
        (5, 11, "in_progress"),
        (12, 15, "complete"),
    ]
    assert sum(s.days for s in strip.segments) == strip.days == 15


@pytest.mark.parametrize("day", [datetime.date(2024, 11, 30), datetime.date(2025, 6, 1)])
def test_the_last_week_matches_the_positions_as_at_the_same_day(kirklees, manager, day):
    for number, status in ((1, "in_progress"), (2, "in_progress"), (2, "complete")):
        factory.update(
            kirklees.recommendations.get(number=number),
            manager,
            status=status,
            at=at(datetime.date(2024, 11, 20 + number)),
        )
    ids = [r.pk for r in kirklees.recommendations.all()]
    updates = updates_by_recommendation(ids)
    positions = positions_as_at(ids, updates, day)
    last = weekly_counts(tracked(kirklees), updates, day)[-1]
    for status, count in last.by_status.items():
        assert count == sum(p.status == status for p in positions.values())
