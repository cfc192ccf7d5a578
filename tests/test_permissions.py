"""Every page and action against the cast: who reads, who changes, who gets 404 or 403.

Outside a PDU a user gets 404 (the scoped query finds nothing); inside it, a missing
right to change something gets 403. Anonymous users are sent to sign in.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from recommendations.models import Evidence, Status
from tests import factory

READ = {
    "manager": 200,
    "other_manager": 404,
    "lead": 200,
    "other_lead": 404,
    "viewer": 200,
    "admin": 200,
}
MANAGE = {
    "manager": 303,
    "other_manager": 404,
    "lead": 403,
    "other_lead": 404,
    "viewer": 403,
    "admin": 303,
}
VERIFY = {**MANAGE, "manager": 403, "lead": 303}
EVERYONE = dict.fromkeys(READ, 200)


@dataclass
class World:
    inspection: object
    recommendation: object
    complete: object
    action: object
    evidence: object


@dataclass
class Case:
    name: str
    method: str
    url: object  # World -> str
    expected: dict
    data: object = field(default=lambda world: {})


CASES = [
    Case("home", "get", lambda w: reverse("home"), EVERYONE),
    Case("recommendation list", "get", lambda w: reverse("recommendation-list"), EVERYONE),
    Case("inspection", "get", lambda w: reverse("inspection-detail", args=[w.inspection.pk]), READ),
    Case(
        "recommendation",
        "get",
        lambda w: reverse("recommendation-detail", args=[w.recommendation.pk]),
        READ,
    ),
    Case(
        "evidence download",
        "get",
        lambda w: reverse("evidence-download", args=[w.evidence.uuid]),
        READ,
    ),
    Case(
        "due date page",
        "get",
        lambda w: reverse("action-move-due-date", args=[w.action.pk]),
        {**MANAGE, "manager": 200, "admin": 200},
    ),
    Case(
        "log an update",
        "post",
        lambda w: reverse("recommendation-log-update", args=[w.recommendation.pk]),
        MANAGE,
        lambda w: {
            "update-what_was_done": "Work",
            "update-status": "in_progress",
            "update-rag": "red",
            "update-judgement": "some",
            "update-improvement_still_required": "yes",
        },
    ),
    Case(
        "verify",
        "post",
        lambda w: reverse("recommendation-verify", args=[w.complete.pk]),
        VERIFY,
        lambda w: {"verify-decision": "verify"},
    ),
    Case(
        "add an action",
        "post",
        lambda w: reverse("action-create", args=[w.recommendation.pk]),
        MANAGE,
        lambda w: {
            "action-description": "Audit",
            "action-owner": "SPO",
            "action-due_date": datetime.date.today() + datetime.timedelta(days=30),
        },
    ),
    Case(
        "move a due date",
        "post",
        lambda w: reverse("action-move-due-date", args=[w.action.pk]),
        MANAGE,
        lambda w: {"new_due_date": "2026-02-28", "reason": "Sickness"},
    ),
    Case(
        "plan page",
        "get",
        lambda w: reverse("recommendation-plan", args=[w.recommendation.pk]),
        {**MANAGE, "manager": 200, "admin": 200},
    ),
    Case(
        "change the plan",
        "post",
        lambda w: reverse("recommendation-plan", args=[w.recommendation.pk]),
        MANAGE,
        lambda w: {"plan-response": "agreed", "plan-owner": "Head of Service"},
    ),
    Case(
        "edit an action",
        "post",
        lambda w: reverse("action-edit", args=[w.action.pk]),
        MANAGE,
        lambda w: {"edit-description": "Audit", "edit-owner": "SPO"},
    ),
    Case(
        "change an action's status",
        "post",
        lambda w: reverse("action-set-status", args=[w.action.pk]),
        MANAGE,
        lambda w: {"status": "in_progress"},
    ),
]


@pytest.fixture
def world(kirklees, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    author = factory.user("author")
    first, second = kirklees.recommendations.all()[:2]
    update = factory.update(second, author, status=Status.IN_PROGRESS)
    factory.update(second, author, status=Status.COMPLETE)
    evidence = Evidence.objects.create(
        update=update,
        uploaded_by=author,
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
        original_name="x.pdf",
        content_type="application/pdf",
        size=8,
    )
    action = factory.action(first, due_date=datetime.date(2025, 12, 31))
    return World(kirklees, first, second, action, evidence)


def request(client, case: Case, world: World):
    url = case.url(world)
    if case.method == "get":
        return client.get(url)
    return client.post(url, case.data(world))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(client, cast, world, case, who):
    client.force_login(cast[who])
    assert request(client, case, world).status_code == case.expected[who]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_anonymous_user_is_sent_to_sign_in(client, world, case):
    response = request(client, case, world)
    url = case.url(world)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_anonymous_post_changes_nothing(client, world, case):
    request(client, case, world)
    assert world.recommendation.updates.count() == 0
    assert world.recommendation.actions.count() == 1
    assert not world.recommendation.plan_changes.exists()
