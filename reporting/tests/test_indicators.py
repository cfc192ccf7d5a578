import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.rules import rating_in_bands
from recommendations.models import Indicator, Measurement, Recommendation
from reporting.indicators import IMPROVING, WORSENING, indicators_for, percent_of
from reporting.tests.helpers import days_ago

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"


@pytest.fixture
def indicators(kirklees):
    call_command("load_indicators", str(INDICATORS), stdout=io.StringIO())
    return {i.name: i for i in Indicator.objects.all()}


@pytest.fixture
def workload(indicators):
    return indicators["Probation officer workload (WMT)"]


@pytest.fixture
def safeguarding(indicators):
    return indicators["Child safeguarding information sufficient"]


def measure(indicator, value, days=10, **fields):
    return Measurement.objects.create(
        indicator=indicator, date=days_ago(days), value=Decimal(value), **fields
    )


def test_n_of_n_becomes_a_percentage_to_one_decimal_place():
    assert percent_of(23, 40) == Decimal("57.5")
    assert percent_of(17, 41) == Decimal("41.5")
    assert percent_of(11, 33) == Decimal("33.3")


def test_key_question_bands_treat_49_and_a_half_as_under_50(kirklees):
    from inspections.rules import key_question_bands

    bands = key_question_bands(kirklees.framework)
    assert rating_in_bands(Decimal("29"), bands) == "inadequate"
    assert rating_in_bands(Decimal("49.5"), bands) == "inadequate"
    assert rating_in_bands(Decimal("50"), bands) == "requires_improvement"
    assert rating_in_bands(Decimal("80"), bands) == "outstanding"


def test_a_lower_workload_is_improving(kirklees, workload):
    measure(workload, "128")
    rec = Recommendation.objects.get(inspection=kirklees, number=3)
    [summary] = indicators_for(rec)
    assert summary.baseline == "134% of WMT capacity"
    assert summary.target == "120% of WMT capacity"
    assert summary.latest_display == "128% of WMT capacity"
    assert summary.direction == IMPROVING


def test_direction_compares_the_latest_measurement_with_the_one_before(kirklees, workload):
    measure(workload, "120", days=20)
    measure(workload, "125", days=5)
    [summary] = indicators_for(Recommendation.objects.get(inspection=kirklees, number=3))
    assert summary.direction == WORSENING


def test_a_key_question_indicator_says_which_band_the_latest_figure_falls_in(kirklees, indicators):
    rec = Recommendation.objects.get(inspection=kirklees, number=5)
    kq = indicators["Assessment focuses sufficiently on keeping other people safe"]
    by_name = {s.name: s for s in indicators_for(rec)}
    assert by_name[kq.name].band == "Inadequate"
    measure(kq, "66")
    by_name = {s.name: s for s in indicators_for(rec)}
    assert by_name[kq.name].band == "Good"


def test_indicators_are_summarised_in_fixed_queries(kirklees, indicators, safeguarding):
    rec = Recommendation.objects.get(inspection=kirklees, number=6)
    with CaptureQueriesContext(connection) as small:
        indicators_for(rec)
    for day in range(1, 6):
        measure(safeguarding, "60", days=day, cases=24, total=40)
    with CaptureQueriesContext(connection) as large:
        summaries = indicators_for(rec)
    assert len(small) == len(large) == 3
    assert len(summaries) == 3


def test_the_partial_draws_a_sparkline_without_inline_styles(kirklees, safeguarding):
    measure(safeguarding, "62.5", cases=25, total=40)
    rec = Recommendation.objects.get(inspection=kirklees, number=5)
    html = render_to_string("reporting/_indicators.html", {"indicators": indicators_for(rec)})
    assert "23 of 40 (57.5%)" in html
    assert "25 of 40 (62.5%)" in html
    assert 'class="app-chart app-chart--sparkline" role="img"' in html
    assert "style=" not in html


# Adding a measurement


def url(indicator) -> str:
    return reverse("measurement-create", args=[indicator.pk])


def test_a_manager_sees_the_form(client, manager, workload):
    client.force_login(manager)
    response = client.get(url(workload))
    assert response.status_code == 200
    assert "Add a measurement: Probation officer workload (WMT)" in response.content.decode()


def test_a_manager_adds_a_value(client, manager, workload):
    client.force_login(manager)
    data = {"date": str(days_ago(1)), "value": "126", "source": "WMT report"}
    response = client.post(url(workload), data)
    assert response.status_code == 302
    measurement = workload.measurements.get()
    assert measurement.value == 126
    assert measurement.recorded_by == manager


def test_a_case_sample_is_stored_with_its_percentage(client, manager, safeguarding):
    client.force_login(manager)
    client.post(url(safeguarding), {"date": str(days_ago(1)), "cases": "30", "total": "41"})
    measurement = safeguarding.measurements.get()
    assert (measurement.cases, measurement.total, measurement.value) == (30, 41, Decimal("73.2"))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"value": "126"}, "Enter the date the measurement was taken"),
        ({"date": "yesterday", "value": "126"}, "Date measured must be a real date"),
        (
            {"date-day": "1", "date-year": "2025", "value": "126"},
            "Date measured must include a month",
        ),
        ({"date": "2099-01-01", "value": "126"}, "Date measured must be today or in the past"),
        ({"date": "1999-12-31", "value": "126"}, "Date measured must be between 2000 and 2099"),
        ({"date": "2025-01-01"}, "Enter the value measured"),
        ({"date": "2025-01-01", "value": "-3"}, "The value cannot be negative"),
    ],
)
def test_bad_input_is_refused_with_a_govuk_error_and_nothing_saved(
    client, manager, workload, data, message
):
    client.force_login(manager)
    response = client.post(url(workload), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not workload.measurements.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "2025-01-01", "cases": "5"}, "Enter how many cases were in the sample"),
        ({"date": "2025-01-01", "cases": "9", "total": "4"}, "cannot be more than the sample"),
    ],
)
def test_a_bad_case_sample_is_refused_with_a_govuk_error_and_nothing_saved(
    client, manager, safeguarding, data, message
):
    client.force_login(manager)
    response = client.post(url(safeguarding), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not safeguarding.measurements.exists()


@pytest.mark.parametrize("who, status", [("viewer", 403), ("lead", 403), ("other_manager", 404)])
def test_only_a_manager_of_the_pdu_adds_measurements(client, cast, workload, who, status):
    client.force_login(cast[who])
    assert client.get(url(workload)).status_code == status
    response = client.post(url(workload), {"date": "2025-01-01", "value": "1"})
    assert response.status_code == status
    assert not workload.measurements.exists()


def test_a_source_with_a_script_is_shown_as_text(client, manager, kirklees, workload):
    measure(workload, "130", source="<script>alert(1)</script>")
    rec = Recommendation.objects.get(inspection=kirklees, number=1)
    html = render_to_string("reporting/_indicators.html", {"indicators": indicators_for(rec)})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_measurements_after_the_as_at_date_are_left_out(kirklees, workload):
    measure(workload, "128", days=1)
    rec = Recommendation.objects.get(inspection=kirklees, number=3)
    [summary] = indicators_for(rec, as_at=days_ago(2))
    assert summary.latest is None
    assert summary.baseline_date == datetime.date(2024, 8, 12)


def test_an_empty_post_gets_the_forms_error_messages(client, manager, workload):
    client.force_login(manager)
    response = client.post(url(workload), {})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not workload.measurements.exists()
