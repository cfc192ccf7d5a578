"""What the security probes found (issue 12), on the pages: kept out of caches, "as at"
dates before the inspection, several evidence files in one field. No 500, nothing in silence.

The probes of requests and signing in are in `tests/test_security.py`.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from recommendations.models import Evidence, ProgressUpdate
from recommendations.tests.data import PDF, use_private_storage
from reporting.forms import AsAtForm

# 3. Caching


@pytest.fixture
def signed_in_manager(client, manager, kirklees):
    client.force_login(manager)
    return client


def case_work_urls(kirklees) -> list[str]:
    recommendation = kirklees.recommendations.get(number=1)
    return [
        reverse("home"),
        reverse("recommendation-list"),
        reverse("recommendation-detail", args=[recommendation.pk]),
        reverse("inspection-detail", args=[kirklees.pk]),
        reverse("inspection-status", args=[kirklees.pk]),
        reverse("inspection-export", args=[kirklees.pk, "csv"]),
        reverse("inspection-export", args=[kirklees.pk, "xlsx"]),
        reverse("inspection-export", args=[kirklees.pk, "pdf"]),
        reverse("inspection-export-json", args=[kirklees.pk]),
        reverse("recommendation-list-export", args=["csv"]),
        reverse("action-plan-download", args=[kirklees.pk]),
        reverse("activity"),
        reverse("activity-export"),
        reverse("action-list"),
        reverse("account"),
    ]


def test_every_page_and_export_with_case_work_is_kept_out_of_caches(signed_in_manager, kirklees):
    for url in case_work_urls(kirklees):
        response = signed_in_manager.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_an_error_page_is_kept_out_of_caches_too(signed_in_manager):
    response = signed_in_manager.get("/recommendations/999999/")

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_keeps_its_own_never_cache(client, db):
    assert "max-age=0" in client.get(reverse("healthz"))["Cache-Control"]


@pytest.mark.parametrize(
    "header", ["Cookie", "HX-Request", "HX-Target", "HX-History-Restore-Request"]
)
def test_the_list_varies_on_every_header_its_answer_depends_on(signed_in_manager, header):
    response = signed_in_manager.get(reverse("recommendation-list"))

    assert header.lower() in [h.strip().lower() for h in response["Vary"].split(",")]


def test_the_list_answers_differently_to_its_vary_headers(signed_in_manager):
    url = reverse("recommendation-list")
    htmx = {"HX-Request": "true", "HX-Target": "filter-area"}

    partial = signed_in_manager.get(url, headers=htmx).content
    restored = signed_in_manager.get(
        url, headers={**htmx, "HX-History-Restore-Request": "true"}
    ).content

    assert b"<html" not in partial
    assert b"<html" in restored


def test_an_htmx_answer_varies_on_its_headers_too(signed_in_manager, kirklees):
    url = reverse("recommendation-detail", args=[kirklees.recommendations.get(number=1).pk])

    response = signed_in_manager.get(url, headers={"HX-Request": "true"})

    assert "hx-target" in response["Vary"].lower()


# 4. "As at" a date before the inspection


def before_the_report(first_day: datetime.date) -> str:
    """The one message for an "as at" date before the first report a page or export covers."""
    day_before = first_day - datetime.timedelta(days=1)
    form = AsAtForm({"as_at": day_before.isoformat()}, earliest=first_day)
    form.is_valid()
    return escape(form.errors["as_at"][0])


NOVEMBER_2024 = datetime.date(2024, 11, 1)


def as_at_urls(kirklees) -> list[tuple[str, datetime.date]]:
    """Each page and export with an "as at" date, and the first day it covers."""
    region = kirklees.pdu.region.pk
    return [
        (reverse("inspection-export", args=[kirklees.pk, "csv"]), NOVEMBER_2024),
        (reverse("region-export", args=[region, "xlsx"]), NOVEMBER_2024),
        (reverse("inspection-status", args=[kirklees.pk]), NOVEMBER_2024),
        (reverse("region-status", args=[region]), NOVEMBER_2024),
        # The list also holds the recommendations of the March 2023 inspection.
        (reverse("recommendation-list-export", args=["csv"]), datetime.date(2023, 3, 1)),
    ]


def test_an_as_at_date_before_the_report_is_refused_everywhere_with_one_message(
    client, lead, kirklees
):
    client.force_login(lead)
    for url, first_day in as_at_urls(kirklees):
        day_before = first_day - datetime.timedelta(days=1)
        response = client.get(url, {"as_at": day_before.isoformat()})
        assert response.status_code == 400, url
        assert before_the_report(first_day) in response.content.decode(), url


def test_an_as_at_date_long_before_the_report_is_refused_everywhere(client, lead, kirklees):
    client.force_login(lead)
    for url, _ in as_at_urls(kirklees):
        assert client.get(url, {"as_at": "0001-01-01"}).status_code == 400, url


def test_the_first_day_of_the_first_reports_month_is_accepted_everywhere(client, lead, kirklees):
    client.force_login(lead)
    for url, first_day in as_at_urls(kirklees):
        assert client.get(url, {"as_at": first_day.isoformat()}).status_code == 200, url


def test_an_export_of_nothing_has_no_first_day(client, other_lead, db):
    client.force_login(other_lead)
    region = other_lead.memberships.get().region
    for url in [
        reverse("region-export", args=[region.pk, "csv"]),
        reverse("recommendation-list-export", args=["xlsx"]),
    ]:
        assert client.get(url, {"as_at": "2010-01-01"}).status_code == 200, url


# 5. Several files in one evidence field


def test_several_files_in_one_evidence_field_are_refused_and_nothing_is_written(
    signed_in_manager, kirklees, settings, tmp_path
):
    use_private_storage(settings, tmp_path)
    recommendation = kirklees.recommendations.get(number=1)
    data = {
        "update-what_was_done": "Audit of 20 cases",
        "update-status": "in_progress",
        "update-rag": "red",
        "update-judgement": "none",
        "update-improvement_still_required": "yes",
        "update-evidence": [
            SimpleUploadedFile("one.pdf", PDF),
            SimpleUploadedFile("two.pdf", PDF),
        ],
    }

    response = signed_in_manager.post(
        reverse("recommendation-log-update", args=[recommendation.pk]), data
    )

    assert response.status_code == 400
    assert "Select one file only" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
