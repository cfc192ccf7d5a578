"""The longest and strangest data each form accepts, read back through every page and export.

The forms are fuzzed on their own (`recommendations/tests/test_forms_fuzz.py`); this follows
their data to where it is shown: pages, htmx partials, CSV, Excel, PDF and JSON, for an
inspection, a region and the list, in both layouts, the activity CSV and the action plan
spreadsheet. Each is written through the domain functions the forms call, then every
page is read: none may fail.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from recommendations.actions import add_action, move_due_date
from recommendations.forms import TEXT_LIMIT
from recommendations.models import Evidence, Indicator, Measurement, Status
from recommendations.plan import change_plan
from recommendations.rules import record_update
from reporting.forms import LAYOUTS

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"
OWNER_LIMIT = 200
SOURCE_LIMIT = 300
NAME_LIMIT = 150
EVIDENCE_NAME_LIMIT = 255

# Text a form accepts: no NUL (Django's fields refuse it) and no lone surrogates (not UTF-8).
characters = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
STRANGE = [
    "x" * TEXT_LIMIT,  # as long as a form allows, with nowhere to break a line
    ("Recruited two probation officers. " * 200)[:TEXT_LIMIT],
    '=HYPERLINK("http://example.org","click")',
    "+1-2@SUM(A1:A9)",
    "<script>alert(1)</script> & </td></tr></table>",
    "مراجعة الحالات العالية المخاطر 😀 高风险 \u202e reversed \u200b\u200d",
    "e\u0301" * 500 + "\U0001f469\u200d\U0001f467" * 200,
    "\n\n\t\r\n line after blank lines \u2028\u2029",
    "\x01\x02\x1b[31m control characters \x7f",
]


def strange(limit: int):
    """Strange text of up to `limit` characters that is not blank."""
    chosen = st.sampled_from([text[:limit] for text in STRANGE])
    drawn = st.text(characters, min_size=1, max_size=min(limit, 400))
    return (chosen | drawn).filter(lambda text: text.strip())


@pytest.fixture
def world(kirklees, admin_user, manager, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    call_command("load_indicators", str(INDICATORS), stdout=io.StringIO())
    return kirklees


def write_everything(inspection, manager, lead_or_admin, texts: dict) -> dict:
    """Everything a manager can write about a recommendation, with `texts` in every text."""
    today = timezone.localdate()
    manager.first_name = texts["name"][:NAME_LIMIT]
    manager.last_name = texts["name"][::-1][:NAME_LIMIT]
    manager.save()
    recommendation = inspection.recommendations.order_by("number").first()
    change_plan(
        recommendation,
        by=manager,
        response="partly_agreed",
        response_reason=texts["long"],
        owner=texts["owner"][:OWNER_LIMIT],
        target_date=today + datetime.timedelta(days=400),
        reason=texts["long"],
    )
    first = add_action(
        recommendation,
        description=texts["long"],
        due_date=today + datetime.timedelta(days=30),
        by=manager,
        owner=texts["owner"][:OWNER_LIMIT],
    )
    add_action(
        recommendation,
        description=texts["owner"],
        due_date=today,
        by=manager,
        owner_user=manager,
    )
    move_due_date(
        first, new_due_date=today + datetime.timedelta(days=60), reason=texts["long"], by=manager
    )
    for status in (Status.IN_PROGRESS, Status.COMPLETE):
        update = record_update(
            recommendation,
            author=manager,
            may_verify=False,
            what_was_done=texts["long"],
            impact=texts["owner"],
            status=status,
            rag="amber",
            judgement="some",
            improvement_still_required=True,
        )
    record_update(
        recommendation,
        author=lead_or_admin,
        may_verify=True,
        what_was_done=texts["long"],
        status=Status.IN_PROGRESS,
        reason=texts["long"],
        kind="sent_back",
    )
    evidence = Evidence.objects.create(
        update=update,
        uploaded_by=manager,
        file=ContentFile(b"%PDF-1.4", name="evidence.pdf"),
        original_name=(texts["owner"][: EVIDENCE_NAME_LIMIT - 4] + ".pdf"),
        content_type="application/pdf",
        size=8,
    )
    indicator = Indicator.objects.filter(inspection=inspection).order_by("pk").first()
    Measurement.objects.create(
        indicator=indicator,
        date=today,
        value=99,
        source=texts["source"][:SOURCE_LIMIT],
        recorded_by=manager,
    )
    return {
        "recommendation": recommendation,
        "action": first,
        "indicator": indicator,
        "evidence": evidence,
    }


def every_page(inspection, written: dict) -> list[tuple[str, dict]]:
    """(url, headers) of every page, partial and export the written data reaches."""
    rec = written["recommendation"].pk
    region = inspection.pdu.region.pk
    htmx = {"HX-Request": "true"}
    pages = [
        (reverse("home"), {}),
        (reverse("inspection-detail", args=[inspection.pk]), {}),
        (reverse("recommendation-detail", args=[rec]), {}),
        (reverse("recommendation-detail", args=[rec]), {**htmx, "HX-Target": "timeline"}),
        (reverse("recommendation-plan", args=[rec]), {}),
        (reverse("action-move-due-date", args=[written["action"].pk]), {}),
        (reverse("recommendation-list"), {}),
        (reverse("recommendation-list"), {**htmx, "HX-Target": "filter-area"}),
        (reverse("action-list"), {}),
        (reverse("action-list"), {**htmx, "HX-Target": "filter-area"}),
        (reverse("activity"), {}),
        (reverse("activity") + "?since=2000-01-01", htmx),
        (reverse("activity-export"), {}),
        (reverse("inspection-status", args=[inspection.pk]), {}),
        (reverse("region-detail", args=[region]), {}),
        (reverse("region-status", args=[region]), {}),
        (reverse("measurement-create", args=[written["indicator"].pk]), {}),
        (reverse("inspection-export-json", args=[inspection.pk]), {}),
        (reverse("action-plan-download", args=[inspection.pk]), {}),
        (reverse("account"), {}),
        (reverse("evidence-download", args=[written["evidence"].uuid]), {}),
    ]
    for fmt in ("csv", "xlsx"):
        for layout, _ in LAYOUTS:
            pages += exports(inspection, fmt, layout)
    return pages


def exports(inspection, fmt: str, layout: str) -> list[tuple[str, dict]]:
    query = f"?layout={layout}"
    return [
        (reverse("inspection-export", args=[inspection.pk, fmt]) + query, {}),
        (reverse("region-export", args=[inspection.pdu.region.pk, fmt]) + query, {}),
        (reverse("recommendation-list-export", args=[fmt]) + query, {}),
    ]


def read(client, url: str, headers: dict):
    response = client.get(url, headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


texts = st.fixed_dictionaries(
    {
        "long": strange(TEXT_LIMIT),
        "owner": strange(OWNER_LIMIT),
        "source": strange(SOURCE_LIMIT),
        "name": strange(NAME_LIMIT),
    }
)
LONGEST = {"long": "x" * TEXT_LIMIT, "owner": "y" * 200, "source": "z" * 300, "name": "n" * 150}
WORDS = {
    key: ("Recruited two probation officers. " * 200)[: len(value)]
    for key, value in LONGEST.items()
}
FUZZ = hypothesis_settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@example(LONGEST)
@example(WORDS)
@given(texts)
def test_no_page_partial_or_export_fails_on_the_strangest_data(
    client, world, manager, admin_user, texts
):
    client.force_login(admin_user)
    with transaction.atomic():
        written = write_everything(world, manager, admin_user, texts)
        for url, headers in every_page(world, written):
            response = read(client, url, headers)
            assert response.status_code == 200, (url, headers, response.status_code)
        transaction.set_rollback(True)


@FUZZ
@example(LONGEST)
@example(WORDS)
@given(texts)
def test_no_pdf_fails_on_the_strangest_data(client, world, manager, admin_user, texts):
    client.force_login(admin_user)
    with transaction.atomic():
        write_everything(world, manager, admin_user, texts)
        for layout, _ in LAYOUTS:
            for url, headers in exports(world, "pdf", layout):
                response = read(client, url, headers)
                assert response.status_code == 200, (url, response.status_code)
                assert response.content.startswith(b"%PDF")
        transaction.set_rollback(True)
