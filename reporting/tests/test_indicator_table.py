"""The recommendation page's indicators table: words for an absence, and cards on a phone."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string

from recommendations.models import Indicator, Measurement, Recommendation
from reporting.indicators import indicators_for
from reporting.tests.helpers import days_ago

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"


@pytest.fixture
def recommendation(kirklees):
    call_command("load_indicators", str(INDICATORS), stdout=io.StringIO())
    return Recommendation.objects.get(inspection=kirklees, number=5)


def table(recommendation) -> str:
    return render_to_string(
        "reporting/_indicators.html", {"indicators": indicators_for(recommendation)}
    )


def test_an_indicator_without_measurements_says_so_in_its_trend_column(recommendation):
    html = table(recommendation)

    assert '<span class="app-no-value">No measurements yet</span>' in html
    assert "app-chart--sparkline" not in html


def test_an_indicator_with_a_measurement_draws_its_trend(recommendation):
    indicator = Indicator.objects.get(name="Child safeguarding information sufficient")
    Measurement.objects.create(
        indicator=indicator, date=days_ago(10), value=Decimal("62.5"), cases=25, total=40
    )

    html = table(recommendation)

    assert "app-chart--sparkline" in html


def test_each_cell_is_labelled_for_the_stacked_layout_on_a_phone(recommendation):
    html = table(recommendation)

    assert 'class="govuk-table app-table--stacked"' in html
    for label in ["Baseline", "Target", "Latest", "Direction of travel", "Trend"]:
        assert f'data-label="{label}"' in html
