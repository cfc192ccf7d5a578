"""The admin's report import against the cast.

Only staff with the right to add and change inspections (here the administrator) reach the
upload and the preview; everyone else is sent to the admin's sign-in, and anonymous users too.
An upload is its uploader's own: another administrator gets 404 for it.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Inspection, ReportUpload
from tests import factory

NOT_STAFF = 302
PAGE = {
    "manager": NOT_STAFF,
    "other_manager": NOT_STAFF,
    "lead": NOT_STAFF,
    "other_lead": NOT_STAFF,
    "viewer": NOT_STAFF,
    "admin": 200,
}
POST = {**PAGE, "admin": 302}


@dataclass
class Case:
    name: str
    method: str
    url: object  # ReportUpload -> str
    expected: dict
    data: object = field(default=lambda: {})


CASES = [
    Case("upload page", "get", lambda u: reverse("admin:inspections_inspection_import"), PAGE),
    Case(
        "upload",
        "post",
        lambda u: reverse("admin:inspections_inspection_import"),
        POST,
        lambda: {
            "report": SimpleUploadedFile("k.md", factory.KIRKLEES_REPORT.read_bytes()),
        },
    ),
    Case(
        "preview",
        "get",
        lambda u: reverse("admin:inspections_inspection_import_preview", args=[u.uuid]),
        PAGE,
    ),
    Case(
        "confirm",
        "post",
        lambda u: reverse("admin:inspections_inspection_import_preview", args=[u.uuid]),
        POST,
    ),
]


@pytest.fixture
def upload(kirklees, admin_user) -> ReportUpload:
    return ReportUpload.objects.create(
        uploaded_by=admin_user,
        original_name="kirklees-2024.md",
        content=factory.KIRKLEES_REPORT.read_bytes(),
    )


def request(client, case: Case, upload: ReportUpload):
    url = case.url(upload)
    if case.method == "get":
        return client.get(url)
    return client.post(url, case.data())


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", list(PAGE))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(
    client, cast, upload, case, who
):
    client.force_login(cast[who])

    response = request(client, case, upload)

    assert response.status_code == case.expected[who]
    if response.status_code == NOT_STAFF and who != "admin":
        assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_anonymous_user_is_sent_to_sign_in(client, upload, case):
    response = request(client, case, upload)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", ["manager", "other_manager", "lead", "other_lead", "viewer"])
def test_a_refused_request_changes_nothing(client, cast, upload, case, who):
    history = Inspection.history.count()
    client.force_login(cast[who])

    request(client, case, upload)

    assert ReportUpload.objects.count() == 1
    assert Inspection.history.count() == history


@pytest.mark.parametrize("case", CASES[2:], ids=lambda case: case.name)
def test_another_administrators_upload_is_not_found(client, upload, case):
    client.force_login(factory.user("second_admin", superuser=True))

    assert request(client, case, upload).status_code == 404
