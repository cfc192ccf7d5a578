"""No lost work when many people write at the same moment (PostgreSQL only).

Threads released together by a barrier write to the same recommendation or action,
each on its own database connection. SQLite takes one writer at a time for the whole
database, so only PostgreSQL's row locks are worth testing this way.
"""

import datetime
import itertools
import random
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from inspections.models import Role
from recommendations.actions import move_due_date
from recommendations.models import (
    RAG,
    Action,
    DueDateChange,
    ProgressUpdate,
    Recommendation,
    Status,
)
from recommendations.rules import record_update
from tests import factory

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="Concurrency is tested on PostgreSQL (set DATABASE_URL): SQLite serialises "
        "all writers on one database lock, so there are no row locks to test.",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20
ROUNDS = 3
WAIT = 60  # seconds: no thread waits longer than this at the barrier or to finish


def run_together(work, count: int) -> list:
    """Run `work(index)` in `count` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=WAIT)
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish in time"
    return results


def assert_position_is_latest_update(recommendation: Recommendation) -> None:
    factory.assert_position_is_the_latest_updates(recommendation)
    updates = list(recommendation.updates.all())
    # Written one after the other under the row lock: times rise in the order of saving.
    by_time = sorted(updates, key=lambda update: (update.created_at, update.pk))
    assert by_time == sorted(updates, key=lambda update: update.pk)


@pytest.fixture
def second_manager(kirklees):
    return factory.member(kirklees.pdu, Role.MANAGER, "second_manager")


def test_simultaneous_updates_are_all_kept_and_the_latest_is_current(recommendation, manager):
    for round_ in range(ROUNDS):

        def log(index: int, round_=round_) -> ProgressUpdate:
            mine = Recommendation.objects.get(pk=recommendation.pk)
            return record_update(
                mine,
                author=manager,
                may_verify=False,
                what_was_done=f"Round {round_}, update {index}",
                status=Status.IN_PROGRESS,
                rag=random.choice(RAG.values),
                judgement="some",
                improvement_still_required=index % 2 == 0,
            )

        results = run_together(log, THREADS)

        errors = [result for result in results if isinstance(result, Exception)]
        assert errors == []
        assert recommendation.updates.filter(
            what_was_done__startswith=f"Round {round_},"
        ).count() == (THREADS)
        assert_position_is_latest_update(recommendation)
    assert recommendation.updates.count() == THREADS * ROUNDS


def test_simultaneous_moves_to_complete_are_checked_one_after_the_other(recommendation, manager):
    factory.update(recommendation, manager, Status.IN_PROGRESS, may_verify=False)

    def complete(index: int) -> ProgressUpdate:
        mine = Recommendation.objects.get(pk=recommendation.pk)
        return record_update(
            mine,
            author=manager,
            may_verify=False,
            what_was_done=f"Finished, says {index}",
            status=Status.COMPLETE,
            rag=RAG.GREEN,
        )

    results = run_together(complete, THREADS)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert recommendation.updates.filter(status=Status.COMPLETE).count() == THREADS
    assert_position_is_latest_update(recommendation)


def test_simultaneous_updates_through_the_page_are_all_kept(recommendation, manager):
    factory.update(recommendation, manager, Status.IN_PROGRESS, may_verify=False)
    url = reverse("recommendation-log-update", args=[recommendation.pk])

    for round_ in range(ROUNDS):

        def post(index: int, round_=round_) -> int:
            client = Client()
            client.force_login(manager)
            response = client.post(
                url,
                {
                    "update-what_was_done": f"Page round {round_}, update {index}",
                    "update-impact": "",
                    "update-status": Status.IN_PROGRESS,
                    "update-rag": random.choice(RAG.values),
                    "update-judgement": "some",
                    "update-improvement_still_required": "yes",
                    "update-reason": "",
                },
            )
            return response.status_code

        results = run_together(post, THREADS)

        assert results == [303] * THREADS
        assert recommendation.updates.filter(
            what_was_done__startswith=f"Page round {round_},"
        ).count() == (THREADS)
        assert_position_is_latest_update(recommendation)


def test_two_managers_moving_a_due_date_at_once_are_both_recorded(
    recommendation, manager, second_manager
):
    action = factory.action(recommendation, due_date=datetime.date(2026, 3, 31))
    managers = [manager, second_manager]

    for round_ in range(ROUNDS):
        dates = [datetime.date(2027, 1 + round_, day) for day in (10, 20)]

        def move(index: int, dates=dates) -> DueDateChange:
            mine = Action.objects.get(pk=action.pk)
            return move_due_date(
                mine, new_due_date=dates[index], reason=f"Moved by {index}", by=managers[index]
            )

        results = run_together(move, 2)

        assert [r for r in results if isinstance(r, Exception)] == []
        assert_moves_are_chained(action)
    assert action.due_date_changes.count() == 2 * ROUNDS


def test_many_moves_of_one_due_date_through_the_page_are_all_recorded(
    recommendation, manager, second_manager
):
    action = factory.action(recommendation, due_date=datetime.date(2026, 3, 31))
    url = reverse("action-move-due-date", args=[action.pk])
    managers = [manager, second_manager]
    count = 10

    def post(index: int) -> int:
        client = Client()
        client.force_login(managers[index % 2])
        response = client.post(
            url,
            {
                "new_due_date": (datetime.date(2027, 1, 1) + datetime.timedelta(days=index)),
                "reason": f"Page move {index}",
            },
        )
        return response.status_code

    results = run_together(post, count)

    assert results == [303] * count
    assert action.due_date_changes.count() == count
    assert_moves_are_chained(action)


def assert_moves_are_chained(action: Action) -> None:
    """Each move starts from the date the one before it left; the last one's date holds."""
    action.refresh_from_db()
    moves = list(action.due_date_changes.order_by("changed_at", "pk"))
    for before, after in itertools.pairwise(moves):
        assert after.old_due_date == before.new_due_date
    assert action.due_date == moves[-1].new_due_date
