"""The synthetic data set closes the loop as Kirklees does: each second inspection reviews the
first's recommendations, linked, with the PDU's own updates made before its fieldwork."""

import pytest

from inspections.models import Inspection, PreviousRecommendationReview
from recommendations.loop import (
    fieldwork_moment,
    judgements_beside,
    with_judgement_before_fieldwork,
)
from tests.test_synthetic import generate


@pytest.fixture
def synthetic(db):
    generate()


def test_every_review_row_is_linked_to_the_earlier_recommendation_it_reviews(synthetic):
    reviews = PreviousRecommendationReview.objects.select_related(
        "inspection", "reviews_recommendation"
    )

    assert reviews.exists()
    for review in reviews:
        reviewed = review.reviews_recommendation
        assert reviewed.inspection_id == review.inspection.previous_inspection_id
        assert reviewed.number == review.number
        assert reviewed.text[1:] == review.text[1:]


def test_each_second_inspection_reviews_all_the_first_ones_recommendations(synthetic):
    for later in Inspection.objects.filter(previous_inspection__isnull=False):
        assert later.previous_recommendation_reviews.count() == (
            later.previous_inspection.recommendations.count()
        )


def test_the_pdus_updates_come_before_the_next_fieldwork_so_each_has_a_judgement(synthetic):
    rows = with_judgement_before_fieldwork(
        PreviousRecommendationReview.objects.select_related("inspection")
    )

    for row in rows:
        judged = judgements_beside(row, row.reviews_recommendation)
        assert judged.before.updated_at is not None
        assert judged.before.updated_at < fieldwork_moment(row.inspection)
