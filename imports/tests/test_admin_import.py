"""Importing a report in the admin: upload, preview (with every difference and warning), confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import PDU, Inspection, ReportUpload
from recommendations.models import Recommendation, Status
from tests import factory

from .test_import_checks import FIRST_RECOMMENDATION, KIRKLEES_TEXT, REGION_LINE

UPLOAD_URL = reverse("admin:inspections_inspection_import")


def preview_url(upload: ReportUpload) -> str:
    return reverse("admin:inspections_inspection_import_preview", args=[upload.uuid])


def upload(client, content: bytes, name: str = "kirklees-2024.md"):
    return client.post(UPLOAD_URL, {"report": SimpleUploadedFile(name, content)})


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def uploaded(admin_client) -> ReportUpload:
    upload(admin_client, factory.KIRKLEES_REPORT.read_bytes())
    return ReportUpload.objects.get()


def test_the_inspection_list_offers_an_import(admin_client):
    response = admin_client.get(reverse("admin:inspections_inspection_changelist"))

    assert f'href="{UPLOAD_URL}"' in response.content.decode()


def test_the_upload_page_asks_for_the_report(admin_client):
    response = admin_client.get(UPLOAD_URL)

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_an_upload_keeps_the_file_on_the_server_and_shows_its_preview(admin_client):
    response = upload(admin_client, factory.KIRKLEES_REPORT.read_bytes())

    kept = ReportUpload.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == preview_url(kept)
    assert bytes(kept.content) == factory.KIRKLEES_REPORT.read_bytes()
    assert not Inspection.objects.exists()


def test_the_preview_shows_the_inspection_as_it_will_be_stored(admin_client, uploaded):
    response = admin_client.get(preview_url(uploaded))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kirklees PDU, Yorkshire and the Humber" in page
    assert "3/21" in page
    assert "ensure that it has sufficient staffing resources" in page
    assert "Recommendation 1 of the March 2023 inspection (added from this table)" in page
    assert "not in the tracker yet" in page
    assert "report" not in {field.name for field in response.context["form"]}
    assert not Inspection.objects.exists()


def test_confirming_imports_the_report_and_says_so(admin_client, uploaded):
    response = admin_client.post(preview_url(uploaded))

    kirklees = Inspection.objects.get(report_imported=True)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "admin:inspections_inspection_change", args=[kirklees.pk]
    )
    assert kirklees.recommendations.count() == 8
    uploaded.refresh_from_db()
    assert uploaded.imported_at is not None
    assert uploaded.inspection == kirklees


def test_an_upload_is_imported_once_only(admin_client, uploaded):
    admin_client.post(preview_url(uploaded))

    assert admin_client.post(preview_url(uploaded)).status_code == 404


def test_a_re_import_lists_every_difference(admin_client, kirklees, tmp_path):
    upload(admin_client, KIRKLEES_TEXT.replace(FIRST_RECOMMENDATION, "recruit").encode())

    response = admin_client.get(preview_url(ReportUpload.objects.get()))

    differences = [str(d) for d in response.context["comparison"].differences]
    assert len(differences) == 1
    assert differences[0].startswith("Recommendation 1: text changes from 'ensure that it has")
    assert "Stored now" in response.content.decode()


def test_an_unchanged_re_import_says_nothing_changes(admin_client, kirklees):
    upload(admin_client, factory.KIRKLEES_REPORT.read_bytes())

    response = admin_client.get(preview_url(ReportUpload.objects.get()))

    assert "None: importing it again changes nothing." in response.content.decode()


def test_a_region_move_is_flagged_and_needs_a_tick(admin_client, kirklees):
    moved = KIRKLEES_TEXT.replace(REGION_LINE, "The Probation Service – North West Region")
    upload(admin_client, moved.encode())
    url = preview_url(ReportUpload.objects.get())

    page = admin_client.get(url).content.decode()
    refused = admin_client.post(url)

    assert "would move from Yorkshire and the Humber to North West" in page
    assert refused.status_code == 400
    assert "Tick “Move the PDU to the report&#x27;s region”" in refused.content.decode()
    assert PDU.objects.get(name="Kirklees").region.name == "Yorkshire and the Humber"


def test_a_region_move_ticked_is_imported(admin_client, kirklees):
    moved = KIRKLEES_TEXT.replace(REGION_LINE, "The Probation Service – North West Region")
    upload(admin_client, moved.encode())

    admin_client.post(preview_url(ReportUpload.objects.get()), {"allow_region_move": "on"})

    assert PDU.objects.get(name="Kirklees").region.name == "North West"


def test_a_text_with_history_is_flagged_in_the_preview(admin_client, kirklees, manager):
    factory.update(kirklees.recommendations.get(number=1), manager, Status.IN_PROGRESS)
    upload(admin_client, KIRKLEES_TEXT.replace(FIRST_RECOMMENDATION, "recruit").encode())
    url = preview_url(ReportUpload.objects.get())

    response = admin_client.get(url)

    assert "the PDU has recorded work against it" in response.content.decode()
    assert list(response.context["form"].fields) == ["allow_text_changes"]
    assert admin_client.post(url).status_code == 400
    assert Recommendation.objects.get(inspection=kirklees, number=1).text.startswith("ensure")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02 not a report", b"<" * 5000, KIRKLEES_TEXT[:3000].encode()],
    ids=["empty", "binary", "hostile", "truncated"],
)
def test_a_report_that_cannot_be_read_is_refused_on_the_form_and_not_kept(admin_client, content):
    response = upload(admin_client, content)

    assert response.status_code == 400
    assert "errornote" in response.content.decode()
    assert not ReportUpload.objects.exists()
    assert not Inspection.objects.exists()


def test_an_upload_without_a_file_is_asked_for_one(admin_client):
    response = admin_client.post(UPLOAD_URL, {})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_someone_elses_upload_is_not_found(client, uploaded):
    client.force_login(factory.user("another_admin", superuser=True))

    assert client.get(preview_url(uploaded)).status_code == 404


def test_a_link_can_be_corrected_on_the_inspections_admin_page(admin_client, kirklees):
    response = admin_client.get(reverse("admin:inspections_inspection_change", args=[kirklees.pk]))

    assert "previous_recommendation_reviews-0-reviews_recommendation" in response.content.decode()
