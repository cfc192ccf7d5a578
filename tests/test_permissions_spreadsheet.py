"""The action plan spreadsheet's URLs against the cast.

Only a manager of the PDU (or the administrator) downloads the plan for editing and uploads
it: others who read the PDU get 403, everyone else 404. An upload is its uploader's own, so
even the administrator gets 404 for a manager's upload.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import PlanChange, PlanUpload
from recommendations.spreadsheet.write import plan_workbook
from recommendations.tests.spreadsheets import edit

MANAGE_PAGE = {
    "manager": 200,
    "other_manager": 404,
    "lead": 403,
    "other_lead": 404,
    "viewer": 403,
    "admin": 200,
}
MANAGE_POST = {**MANAGE_PAGE, "manager": 303, "admin": 303}
OWN_UPLOAD_PAGE = {**MANAGE_PAGE, "admin": 404}
OWN_UPLOAD_POST = {**OWN_UPLOAD_PAGE, "manager": 303}


@dataclass
class World:
    inspection: object
    content: bytes
    upload: PlanUpload


@dataclass
class Case:
    name: str
    method: str
    url: object  # World -> str
    expected: dict
    data: object = field(default=lambda world: {})


CASES = [
    Case(
        "download",
        "get",
        lambda w: reverse("action-plan-download", args=[w.inspection.pk]),
        MANAGE_PAGE,
    ),
    Case(
        "upload page",
        "get",
        lambda w: reverse("action-plan-upload", args=[w.inspection.pk]),
        MANAGE_PAGE,
    ),
    Case(
        "upload",
        "post",
        lambda w: reverse("action-plan-upload", args=[w.inspection.pk]),
        MANAGE_POST,
        lambda w: {"file": SimpleUploadedFile("plan.xlsx", w.content)},
    ),
    Case(
        "preview",
        "get",
        lambda w: reverse("action-plan-preview", args=[w.inspection.pk, w.upload.uuid]),
        OWN_UPLOAD_PAGE,
    ),
    Case(
        "confirm",
        "post",
        lambda w: reverse("action-plan-confirm", args=[w.inspection.pk, w.upload.uuid]),
        OWN_UPLOAD_POST,
    ),
]


@pytest.fixture
def world(kirklees, manager) -> World:
    content = edit(
        plan_workbook(kirklees, by=manager, may_verify=False), {"Plan": {"F2": "Head of Service"}}
    )
    made = PlanUpload.objects.create(
        inspection=kirklees,
        uploaded_by=manager,
        original_name="plan.xlsx",
        content=content,
        download_token="permissions",
    )
    return World(kirklees, content, made)


def request(client, case: Case, world: World):
    url = case.url(world)
    if case.method == "get":
        return client.get(url)
    return client.post(url, case.data(world))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", list(MANAGE_PAGE))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(client, cast, world, case, who):
    client.force_login(cast[who])
    assert request(client, case, world).status_code == case.expected[who]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_anonymous_user_is_sent_to_sign_in(client, world, case):
    response = request(client, case, world)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={case.url(world)}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", ["other_manager", "lead", "other_lead", "viewer"])
def test_a_refused_request_changes_nothing(client, cast, world, case, who):
    client.force_login(cast[who])
    request(client, case, world)
    assert PlanUpload.objects.count() == 1
    assert PlanChange.objects.count() == 0
