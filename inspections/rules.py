"""The framework's arithmetic: key questions to a standard's rating, ratings to a score,
a score to an overall rating. Plain functions, so that they are tested without HTTP.

They only suggest. What the inspectorate published is kept as published; where the
two disagree, `published_disagreements` says so for the administrator.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import Framework, Inspection, Rating


@dataclass(frozen=True)
class Band:
    rating: str
    low: int
    high: int


def key_question_bands(framework: Framework) -> list[Band]:
    return [
        Band(b.rating, b.min_percent, b.max_percent) for b in framework.key_question_bands.all()
    ]


def score_bands(framework: Framework) -> list[Band]:
    return [Band(b.rating, b.min_score, b.max_score) for b in framework.score_bands.all()]


def rating_in_bands(value: int | Decimal, bands: Iterable[Band]) -> str | None:
    """The rating of the band `value` falls in, or None where no band covers it.

    Bands are whole numbers, so a fraction belongs to the band below: 49.5 is under 50."""
    for band in bands:
        if band.low <= value < band.high + 1:
            return band.rating
    return None


def suggested_standard_rating(percents: Iterable[int], bands: Iterable[Band]) -> str | None:
    """A standard's rating is driven by its lowest key question; None without any."""
    percents = list(percents)
    if not percents:
        return None
    return rating_in_bands(min(percents), bands)


def score(framework: Framework, ratings: Iterable[str]) -> int:
    return sum(framework.points_for(rating) for rating in ratings)


def overall_rating_for_score(value: int, bands: Iterable[Band]) -> str | None:
    return rating_in_bands(value, bands)


def label(rating: str | None) -> str:
    return Rating(rating).label if rating else "no rating"


def published_disagreements(inspection: Inspection) -> list[str]:
    """Where the published figures differ from what the framework's bands suggest.

    Expects the inspection's standards and key questions, and the framework's bands,
    to be prefetched where this runs in a loop.
    """
    framework = inspection.framework
    if framework is None or not inspection.report_imported:
        return []
    warnings = []
    kq_bands = key_question_bands(framework)
    standards = list(inspection.standards.all())
    for standard in standards:
        suggested = suggested_standard_rating(
            (kq.percent_yes for kq in standard.key_questions.all()), kq_bands
        )
        if suggested is not None and suggested != standard.rating:
            warnings.append(
                f"{standard.code} is published as {label(standard.rating)}, but its lowest "
                f"key question falls in the {label(suggested)} band."
            )
    computed = score(framework, (standard.rating for standard in standards))
    if inspection.score is not None and computed != inspection.score:
        warnings.append(
            f"The score is published as {inspection.score}/{framework.max_score}, but the "
            f"standards' ratings add up to {computed}."
        )
    if inspection.score is not None and inspection.overall_rating:
        suggested = overall_rating_for_score(inspection.score, score_bands(framework))
        if suggested is not None and suggested != inspection.overall_rating:
            warnings.append(
                f"The overall rating is published as {label(inspection.overall_rating)}, but a "
                f"score of {inspection.score} falls in the {label(suggested)} band."
            )
    return warnings
