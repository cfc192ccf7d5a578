"""Indicators in a form people read: baseline, target, latest, direction of travel, trend.

`indicators_for_recommendations` reads every indicator of a set of recommendations, their
measurements and their key questions' bands in a fixed number of queries; the rest is Python.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from inspections.models import KeyQuestionBand, Rating
from inspections.rules import Band, rating_in_bands
from recommendations.models import Direction, Indicator, Measurement, Unit

from .charts import day_label, sparkline

IMPROVING = "Improving"
WORSENING = "Getting worse"
NO_CHANGE = "No change"
NO_MEASUREMENT = "Not measured since the inspection"


def percent_of(cases: int, total: int) -> Decimal:
    """n of N as a percentage to one decimal place, halves rounded up (57.5, 41.5, 42.9)."""
    return (Decimal(cases) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def format_value(
    unit: str, value: Decimal | None, cases: int | None = None, total: int | None = None
) -> str:
    if value is None:
        return ""
    if unit == Unit.CASES and cases is not None and total:
        return f"{cases} of {total} ({_number(value)}%)"
    if unit == Unit.PERCENT_OF_CAPACITY:
        return f"{_number(value)}% of WMT capacity"
    if unit in (Unit.PERCENT, Unit.CASES):
        return f"{_number(value)}%"
    return _number(value)


def direction_of_travel(better: str, before: Decimal, after: Decimal) -> str:
    if after == before:
        return NO_CHANGE
    went_up = after > before
    return IMPROVING if went_up == (better == Direction.HIGHER) else WORSENING


@dataclass
class IndicatorSummary:
    indicator: Indicator
    baseline: str
    baseline_date: datetime.date
    target: str
    target_date: datetime.date | None
    latest: Measurement | None
    latest_display: str
    direction: str
    measurements: list[Measurement]
    trend: str
    band: str | None  # the key question band's rating label, where it is a key question

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def pk(self) -> int:
        return self.indicator.pk


def indicator_queryset():
    # Explicit orderings: the models' own (by foreign key) would join up to the PDU.
    return Indicator.objects.select_related("key_question__standard__inspection").prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.select_related("recorded_by").order_by("date", "pk"),
        ),
    )


def summarise(
    indicator: Indicator,
    bands_by_framework: dict[int, list[Band]],
    as_at: datetime.date | None = None,
) -> IndicatorSummary:
    """Expects `indicator_queryset()` prefetching; measurements after `as_at` are left out."""
    measurements = [m for m in indicator.measurements.all() if as_at is None or m.date <= as_at]
    latest = measurements[-1] if measurements else None
    if latest is None:
        direction = NO_MEASUREMENT
    else:
        before = measurements[-2].value if len(measurements) > 1 else indicator.baseline_value
        direction = direction_of_travel(indicator.better, before, latest.value)
    unit = indicator.unit
    points = [(indicator.baseline_date, indicator.baseline_value)] + [
        (m.date, m.value) for m in measurements
    ]
    band = None
    if indicator.key_question_id:
        # The band of the latest figure: the latest measurement's, or the baseline's.
        framework_id = indicator.key_question.standard.inspection.framework_id
        value = latest.value if latest else indicator.baseline_value
        band = _rating_label(rating_in_bands(value, bands_by_framework.get(framework_id, [])))
    latest_display = (
        format_value(unit, latest.value, latest.cases, latest.total) if latest else "None yet"
    )
    trend_title = f"Trend of {indicator.name}: " + ", ".join(
        f"{format_value(unit, value)} on {day_label(day)}" for day, value in points
    )
    return IndicatorSummary(
        indicator=indicator,
        baseline=format_value(
            unit, indicator.baseline_value, indicator.baseline_cases, indicator.baseline_total
        ),
        baseline_date=indicator.baseline_date,
        target=format_value(unit, indicator.target_value),
        target_date=indicator.target_date,
        latest=latest,
        latest_display=latest_display,
        direction=direction,
        measurements=measurements,
        trend=sparkline(points, chart_id=f"indicator-{indicator.pk}-trend", title=trend_title),
        band=band,
    )


def _rating_label(rating: str | None) -> str | None:
    return Rating(rating).label if rating else None


def _bands(framework_ids: Iterable[int]) -> dict[int, list[Band]]:
    bands: dict[int, list[Band]] = defaultdict(list)
    ids = {pk for pk in framework_ids if pk}
    if not ids:
        return bands
    for band in KeyQuestionBand.objects.filter(framework_id__in=ids).order_by("min_percent"):
        bands[band.framework_id].append(Band(band.rating, band.min_percent, band.max_percent))
    return bands


def indicators_for_recommendations(
    recommendation_ids: Iterable[int], as_at: datetime.date | None = None
) -> dict[int, list[IndicatorSummary]]:
    """Each recommendation's indicators, summarised, in four queries whatever the numbers."""
    ids = list(recommendation_ids)
    links = Indicator.recommendations.through.objects.filter(recommendation_id__in=ids)
    recommendations_of: dict[int, list[int]] = defaultdict(list)
    for indicator_id, recommendation_id in links.order_by().values_list(
        "indicator_id", "recommendation_id"
    ):
        recommendations_of[indicator_id].append(recommendation_id)
    indicators = indicator_queryset().filter(pk__in=list(recommendations_of))
    by_recommendation: dict[int, list[IndicatorSummary]] = defaultdict(list)
    for summary in _summaries(indicators, as_at):
        for recommendation_id in recommendations_of[summary.pk]:
            by_recommendation[recommendation_id].append(summary)
    return by_recommendation


def indicators_for(recommendation, as_at: datetime.date | None = None) -> list[IndicatorSummary]:
    """The list the `reporting/_indicators.html` partial expects as `indicators`: one
    recommendation's, through its links in the same query (three queries in all)."""
    return _summaries(indicator_queryset().filter(recommendations=recommendation.pk), as_at)


def _summaries(indicators, as_at: datetime.date | None) -> list[IndicatorSummary]:
    """`indicators` (from `indicator_queryset()`) summarised, in the order they are listed."""
    indicators = list(indicators.order_by("inspection_id", "order", "pk"))
    bands = _bands(
        i.key_question.standard.inspection.framework_id for i in indicators if i.key_question_id
    )
    return [summarise(indicator, bands, as_at) for indicator in indicators]
