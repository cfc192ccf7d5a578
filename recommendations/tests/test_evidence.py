import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Evidence, ProgressUpdate
from recommendations.tests.data import PDF, PNG, give_history, use_private_storage

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
ZIP = b"PK\x03\x04" + b"\x00" * 16


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    use_private_storage(settings, tmp_path)


def post_with_file(client, recommendation, upload):
    data = {
        "update-what_was_done": "Audit of 20 cases",
        "update-status": "in_progress",
        "update-rag": "red",
        "update-judgement": "none",
        "update-improvement_still_required": "yes",
        "update-evidence": upload,
    }
    url = reverse("recommendation-log-update", args=[recommendation.pk])
    return client.post(url, data)


def error_of(response) -> str:
    return " ".join(response.context["update_form"].errors.get("evidence", []))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("audit.pdf", PDF),
        ("chart.png", PNG),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 16),
        ("scan.gif", b"GIF89a" + b"\x00" * 16),
        ("minutes.doc", OLE2),
        ("minutes.docx", ZIP),
        ("figures.xls", OLE2),
        ("figures.xlsx", ZIP),
    ],
)
def test_an_accepted_file_is_stored_with_the_update(client, manager, recommendation, name, content):
    client.force_login(manager)
    response = post_with_file(client, recommendation, SimpleUploadedFile(name, content))
    assert response.status_code == 303
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert evidence.uploaded_by == manager
    assert evidence.file.read() == content


def test_the_stored_name_never_comes_from_the_user(client, manager, recommendation):
    client.force_login(manager)
    post_with_file(client, recommendation, SimpleUploadedFile("../../etc/passwd.pdf", PDF))
    evidence = Evidence.objects.get()
    assert "passwd" not in evidence.file.name
    assert evidence.original_name == "passwd.pdf"


def test_the_content_type_is_ours_not_the_browsers(client, manager, recommendation):
    client.force_login(manager)
    upload = SimpleUploadedFile("audit.pdf", PDF, content_type="text/html")
    post_with_file(client, recommendation, upload)
    assert Evidence.objects.get().content_type == "application/pdf"


def test_a_file_of_another_type_is_refused(client, manager, recommendation):
    client.force_login(manager)
    response = post_with_file(client, recommendation, SimpleUploadedFile("run.exe", b"MZ" * 10))
    assert response.status_code == 400
    assert "must be a PDF" in error_of(response)
    assert not ProgressUpdate.objects.exists()


def test_a_file_whose_contents_do_not_match_its_name_is_refused(client, manager, recommendation):
    client.force_login(manager)
    response = post_with_file(
        client, recommendation, SimpleUploadedFile("report.pdf", b"<html><script>")
    )
    assert response.status_code == 400
    assert "not a real PDF file" in error_of(response)


def test_a_file_over_the_limit_is_refused(client, manager, recommendation, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    client.force_login(manager)
    response = post_with_file(
        client, recommendation, SimpleUploadedFile("big.pdf", PDF + b"x" * 100)
    )
    assert response.status_code == 400
    assert "must be smaller than" in error_of(response)
    assert not Evidence.objects.exists()


def test_an_empty_file_is_refused(client, manager, recommendation):
    client.force_login(manager)
    response = post_with_file(client, recommendation, SimpleUploadedFile("empty.pdf", b""))
    assert response.status_code == 400
    assert "empty" in error_of(response)


@pytest.fixture
def evidence(recommendation, manager):
    give_history(recommendation, manager, actions=0, updates=1)
    return Evidence.objects.get()


def download(client, user, evidence):
    client.force_login(user)
    return client.get(reverse("evidence-download", args=[evidence.uuid]))


def test_a_manager_downloads_evidence_as_an_attachment(client, manager, evidence):
    response = download(client, manager, evidence)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response.headers["Content-Disposition"] == 'attachment; filename="note 0.pdf"'
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_regional_lead_downloads_evidence(client, lead, evidence):
    assert download(client, lead, evidence).status_code == 200


def test_a_manager_of_another_pdu_gets_404_for_evidence(client, other_manager, evidence):
    assert download(client, other_manager, evidence).status_code == 404


def test_a_lead_of_another_region_gets_404_for_evidence(client, other_lead, evidence):
    assert download(client, other_lead, evidence).status_code == 404


def test_unknown_evidence_is_404(client, manager, kirklees):
    client.force_login(manager)
    assert client.get(reverse("evidence-download", args=[uuid.uuid4()])).status_code == 404


def test_a_malformed_evidence_id_is_404(client, manager, kirklees):
    client.force_login(manager)
    assert client.get("/evidence/not-a-uuid/").status_code == 404


def test_evidence_whose_file_has_gone_is_404(client, manager, evidence):
    evidence.file.delete(save=False)
    assert download(client, manager, evidence).status_code == 404
