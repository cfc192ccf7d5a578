"""The framework's arithmetic, as plain functions."""

import pytest

from inspections.models import Framework, Inspection, Rating
from inspections.rules import (
    Band,
    key_question_bands,
    overall_rating_for_score,
    published_disagreements,
    rating_in_bands,
    score,
    score_bands,
    suggested_standard_rating,
)
from tests import factory

KQ_BANDS = [
    Band(Rating.INADEQUATE, 0, 49),
    Band(Rating.REQUIRES_IMPROVEMENT, 50, 64),
    Band(Rating.GOOD, 65, 79),
    Band(Rating.OUTSTANDING, 80, 100),
]


@pytest.fixture
def framework(db):
    return Framework.objects.get(max_score=21)


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (0, Rating.INADEQUATE),
        (49, Rating.INADEQUATE),
        (50, Rating.REQUIRES_IMPROVEMENT),
        (64, Rating.REQUIRES_IMPROVEMENT),
        (65, Rating.GOOD),
        (79, Rating.GOOD),
        (80, Rating.OUTSTANDING),
        (100, Rating.OUTSTANDING),
    ],
)
def test_a_percentage_falls_in_its_band_at_the_edges(percent, rating):
    assert rating_in_bands(percent, KQ_BANDS) == rating


def test_a_standard_is_driven_by_its_lowest_key_question():
    assert suggested_standard_rating([43, 60, 29], KQ_BANDS) == Rating.INADEQUATE
    assert suggested_standard_rating([90, 81, 66], KQ_BANDS) == Rating.GOOD


def test_a_standard_without_key_questions_has_no_suggestion():
    assert suggested_standard_rating([], KQ_BANDS) is None


def test_kirklees_ratings_add_up_to_3(framework):
    ratings = [Rating.REQUIRES_IMPROVEMENT] * 3 + [Rating.INADEQUATE] * 4

    assert score(framework, ratings) == 3


def test_the_seeded_framework_reads_a_score_of_3_as_inadequate(framework):
    assert overall_rating_for_score(3, score_bands(framework)) == Rating.INADEQUATE
    assert overall_rating_for_score(6, score_bands(framework)) == Rating.REQUIRES_IMPROVEMENT
    assert overall_rating_for_score(21, score_bands(framework)) == Rating.OUTSTANDING


def test_the_seeded_bands_are_marked_not_confirmed(framework):
    assert not framework.bands_confirmed
    assert [b.rating for b in key_question_bands(framework)] == [
        Rating.INADEQUATE,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.GOOD,
        Rating.OUTSTANDING,
    ]


def test_a_score_outside_every_band_has_no_suggestion(framework):
    assert overall_rating_for_score(40, score_bands(framework)) is None


def test_kirklees_as_published_agrees_with_the_framework(kirklees):
    assert published_disagreements(kirklees) == []


def test_a_changed_band_shows_as_a_disagreement_without_changing_the_rating(kirklees):
    kirklees.framework.key_question_bands.filter(rating=Rating.INADEQUATE).update(max_percent=19)
    kirklees.framework.key_question_bands.filter(rating=Rating.REQUIRES_IMPROVEMENT).update(
        min_percent=20
    )

    warnings = published_disagreements(Inspection.objects.get(pk=kirklees.pk))

    assert any(w.startswith("P 2.1 is published as Inadequate") for w in warnings)
    assert kirklees.standards.get(code="P 2.1").rating == Rating.INADEQUATE


def test_importing_into_a_database_without_frameworks_recreates_the_2024_one(db):
    Framework.objects.all().delete()

    inspection = factory.import_kirklees()

    assert inspection.framework.name == "HMIP PDU inspection standards (2024)"
    assert overall_rating_for_score(3, score_bands(inspection.framework)) == Rating.INADEQUATE
