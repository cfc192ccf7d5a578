"""The bench's long history: one recommendation topped up to 500 updates, once, by the rules."""

import itertools

import pytest

from bench.dataset import (
    LONG_HISTORY,
    bench_choice,
    ensure_superuser,
    long_history,
    long_history_recommendation,
    shape,
    shaped,
    synthetic,
)
from bench.targets import most_like
from recommendations.models import ProgressUpdate, Recommendation
from recommendations.rules import check_transition


@pytest.fixture
def chosen(db):
    generator = synthetic()
    generator.generate(
        generator.Options(
            regions=1, pdus_per_region=(2, 2), inspections_per_pdu=1, updates_per_recommendation=5
        )
    )
    return bench_choice()


@pytest.fixture
def topped_up(chosen):
    return long_history(chosen["inspection"], chosen["manager"], chosen["lead"])


def history(recommendation) -> list[ProgressUpdate]:
    return list(ProgressUpdate.objects.filter(recommendation=recommendation).order_by("pk"))


def test_the_topped_up_recommendation_has_500_updates(topped_up):
    assert topped_up.updates.count() == LONG_HISTORY


def test_the_first_recommendation_keeps_the_generators_updates(chosen, topped_up):
    first = chosen["inspection"].recommendations.order_by("number")[0]
    assert first.pk != topped_up.pk
    assert first.updates.count() == 5


def test_the_updates_are_stamped_later_and_later_in_the_order_they_were_saved(topped_up):
    stamps = [update.created_at for update in history(topped_up)]
    assert stamps == sorted(stamps)


def test_every_status_change_is_one_the_workflow_allows(topped_up):
    updates = history(topped_up)
    for before, after in itertools.pairwise(updates):
        check_transition(before.status, after.status, may_verify=True, reason=after.reason)


def test_the_recommendations_position_is_its_latest_updates(topped_up):
    latest = history(topped_up)[-1]
    topped_up.refresh_from_db()
    assert (topped_up.status, topped_up.rag, topped_up.position_updated_at) == (
        latest.status,
        latest.rag,
        latest.created_at,
    )


def test_a_second_run_finds_the_recommendation_and_adds_nothing(chosen, topped_up):
    again = long_history(chosen["inspection"], chosen["manager"], chosen["lead"])
    assert again.pk == topped_up.pk
    assert ProgressUpdate.objects.filter(recommendation=topped_up).count() == LONG_HISTORY


def test_the_marker_finds_no_long_history_before_the_top_up(chosen):
    assert long_history_recommendation(chosen["inspection"]) is None


def test_the_bench_superuser_is_made_once(db):
    first, second = ensure_superuser(), ensure_superuser()
    assert first.pk == second.pk and first.is_superuser


def test_the_recommendation_compared_with_the_long_history_is_alike_in_all_else(chosen, topped_up):
    compared = most_like(chosen["inspection"], topped_up)
    both = shaped(Recommendation.objects.filter(pk__in=[compared.pk, topped_up.pk]))
    assert compared.pk != topped_up.pk
    assert len({shape(recommendation) for recommendation in both}) == 1
