"""The measurement form speaks the indicator's unit ("25%") and asks only for what fits it: a
value for a rate or a workload, a case sample for n of N, either for a key question's % Yes."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Indicator

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"


@pytest.fixture
def indicators(kirklees):
    call_command("load_indicators", str(INDICATORS), stdout=io.StringIO())
    return {i.name: i for i in Indicator.objects.all()}


def form_page(client, user, indicator) -> str:
    client.force_login(user)
    response = client.get(reverse("measurement-create", args=[indicator.pk]))
    assert response.status_code == 200
    return response.text


def test_a_percentage_shows_its_baseline_with_the_unit(client, manager, indicators):
    html = form_page(client, manager, indicators["Probation officer vacancy rate"])

    assert "Baseline from the report: 25% on 12 August 2024." in html


def test_a_percentage_is_asked_for_with_a_percent_suffix(client, manager, indicators):
    html = form_page(client, manager, indicators["Probation officer vacancy rate"])

    assert "Value, as a percentage</label>" in html
    assert '<div class="govuk-input__suffix" aria-hidden="true">%</div>' in html


def test_a_rate_asks_for_no_case_sample(client, manager, indicators):
    html = form_page(client, manager, indicators["Probation officer vacancy rate"])

    assert 'name="cases"' not in html
    assert 'name="total"' not in html


def test_a_workload_is_asked_for_as_a_share_of_capacity(client, manager, indicators):
    html = form_page(client, manager, indicators["Probation officer workload (WMT)"])

    assert "Baseline from the report: 134% of WMT capacity" in html
    assert "Workload, as a percentage of WMT capacity</label>" in html
    assert "(optional)" not in html.split('for="id_value"')[1].split("</label>")[0]
    assert 'name="cases"' not in html


def test_a_case_sample_asks_for_n_and_n_only(client, manager, indicators):
    html = form_page(client, manager, indicators["Child safeguarding information sufficient"])

    assert "Baseline from the report: 23 of 40 (57.5%)" in html
    assert 'type="hidden" name="value"' in html
    assert 'name="cases"' in html
    assert 'name="total"' in html
    assert "Cases in the sample (N)</label>" in html


def test_a_key_questions_percentage_takes_a_value_or_a_case_sample(client, manager, indicators):
    indicator = indicators["Assessment focuses sufficiently on keeping other people safe"]

    html = form_page(client, manager, indicator)

    assert '<div class="govuk-input__suffix" aria-hidden="true">%</div>' in html
    assert 'name="cases"' in html


def test_a_rate_is_saved_from_its_value(client, manager, indicators):
    indicator = indicators["Probation officer vacancy rate"]
    client.force_login(manager)

    response = client.post(
        reverse("measurement-create", args=[indicator.pk]),
        {"date": "2025-01-01", "value": "20", "cases": "3", "total": "4"},
    )

    assert response.status_code == 302
    measurement = indicator.measurements.get()
    assert (measurement.value, measurement.cases, measurement.total) == (20, None, None)
