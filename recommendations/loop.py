"""The next inspection closes the loop: which tracked recommendation each row of a later
report's "Progress on previous recommendations" table reviews, and the PDU's own last
judgement of it before that inspection's fieldwork, set beside the inspectorate's.

The PDU's judgement is the position `recommendations.rules.position_as_at` gives for the
recommendation's updates made before the fieldwork's month began, read in the database.
"""

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from inspections.models import Categorisation, Inspection, PreviousRecommendationReview

from .labels import judgement_label, yes_no
from .models import ProgressUpdate, Recommendation
from .rules import NO_UPDATES, Position

# Close enough to be the same recommendation retyped (a word's ending, a dropped "the"),
# far enough apart that two recommendations of one report never meet it.
NEAR_MATCH = 0.85


def normalised(text: str) -> str:
    """The words of a text, for matching: Unicode-normalised, casefolded, no punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def match_recommendation(text: str, candidates: Iterable[Recommendation]) -> Recommendation | None:
    """The candidate whose text is `text`, normalised; failing that, the one clearly nearest."""
    wanted = normalised(text)
    candidates = list(candidates)
    for candidate in candidates:
        if normalised(candidate.text) == wanted:
            return candidate
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, wanted, normalised(c.text)).ratio(), c.pk, c)
            for c in candidates
        ),
        key=lambda item: (-item[0], item[1]),
    )
    if scored and scored[0][0] >= NEAR_MATCH and (len(scored) == 1 or scored[1][0] < NEAR_MATCH):
        return scored[0][2]
    return None


def fieldwork_moment(inspection: Inspection) -> datetime.datetime:
    """The start of the inspection's fieldwork: the first day of its month (or, where the
    report gives none, of its publication), at midnight UTC, as the database compares it."""
    day = inspection.fieldwork_started or inspection.published
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def with_judgement_before_fieldwork(reviews: QuerySet) -> QuerySet:
    """Reviews annotated with the position the latest update of the reviewed
    recommendation left before the reviewing inspection's fieldwork began (`before_*`),
    in the same query."""
    latest = ProgressUpdate.objects.filter(
        recommendation=OuterRef("reviews_recommendation"),
        created_at__lt=Coalesce(
            OuterRef("inspection__fieldwork_started"), OuterRef("inspection__published")
        ),
    ).order_by("-created_at", "-pk")
    return reviews.annotate(
        **{
            f"before_{name}": Subquery(latest.values(name)[:1])
            for name in ("status", "rag", "judgement", "improvement_still_required", "created_at")
        }
    )


@dataclass(frozen=True)
class JudgementsBeside:
    """One previous recommendation: the PDU's last word on it before the fieldwork, and the
    inspectorate's."""

    recommendation: Recommendation | None
    review: PreviousRecommendationReview
    before: Position

    @property
    def self_assessed_label(self) -> str:
        return judgement_label(self.before.judgement)

    @property
    def self_assessed_improvement_label(self) -> str:
        return yes_no(self.before.improvement_still_required)

    @property
    def categorisation_label(self) -> str:
        return Categorisation(self.review.categorisation).label

    @property
    def improvement_label(self) -> str:
        return yes_no(self.review.improvement_still_required)

    @property
    def agrees(self) -> bool | None:
        """Whether the PDU's own judgement was the inspectorate's (None if it made none)."""
        if not self.before.judgement:
            return None
        return self.before.judgement == self.review.categorisation


def judgements_beside(
    review: PreviousRecommendationReview, recommendation: Recommendation | None = None
) -> JudgementsBeside:
    """`review`, from `with_judgement_before_fieldwork`, beside the PDU's own judgement."""
    recommendation = recommendation or review.reviews_recommendation
    if recommendation is None or review.before_created_at is None:
        return JudgementsBeside(recommendation, review, NO_UPDATES)
    return JudgementsBeside(
        recommendation,
        review,
        Position(
            status=review.before_status,
            rag=review.before_rag,
            judgement=review.before_judgement,
            improvement_still_required=review.before_improvement_still_required,
            updated_at=review.before_created_at,
        ),
    )


def later_judgements(
    recommendations: Iterable[Recommendation], as_at: datetime.date
) -> dict[int, JudgementsBeside]:
    """For each of `recommendations` a later inspection published by `as_at` reviewed, that
    review (the latest) beside the PDU's own judgement before its fieldwork; one query."""
    by_pk = {r.pk: r for r in recommendations}
    reviews = with_judgement_before_fieldwork(
        PreviousRecommendationReview.objects.filter(
            reviews_recommendation_id__in=list(by_pk), inspection__published__lte=as_at
        )
        .select_related("inspection")
        .order_by("inspection__published", "pk")
    )
    return {
        review.reviews_recommendation_id: judgements_beside(
            review, by_pk[review.reviews_recommendation_id]
        )
        for review in reviews
    }
