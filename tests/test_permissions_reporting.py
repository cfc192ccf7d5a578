"""Status pages, region pages, measurements and exports against the cast.

An inspection's pages and exports are read by whoever reads its PDU; a region's by whoever
reads the region (its leads, and administrators); a measurement is added by the PDU's
managers. Outside the scope: 404; inside it without the right: 403.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Indicator, Measurement
from tests.test_permissions import READ

INDICATORS = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024-indicators.json"

EVERYONE = dict.fromkeys(READ, 200)
REGION = {**dict.fromkeys(READ, 404), "lead": 200, "admin": 200}
ADD_MEASUREMENT = {**READ, "lead": 403, "viewer": 403}


@dataclass
class Case:
    name: str
    method: str
    url: object  # World -> str
    expected: dict


@dataclass
class World:
    inspection: object
    region: object
    indicator: object


def export_cases(fmt: str) -> list[Case]:
    return [
        Case(
            f"inspection {fmt}",
            "get",
            lambda w: reverse("inspection-export", args=[w.inspection.pk, fmt]),
            READ,
        ),
        Case(
            f"region {fmt}",
            "get",
            lambda w: reverse("region-export", args=[w.region.pk, fmt]),
            REGION,
        ),
        Case(
            f"list {fmt}",
            "get",
            lambda w: reverse("recommendation-list-export", args=[fmt]),
            EVERYONE,
        ),
    ]


CASES = [
    Case(
        "inspection status",
        "get",
        lambda w: reverse("inspection-status", args=[w.inspection.pk]),
        READ,
    ),
    Case("region", "get", lambda w: reverse("region-detail", args=[w.region.pk]), REGION),
    Case("region status", "get", lambda w: reverse("region-status", args=[w.region.pk]), REGION),
    Case(
        "inspection JSON",
        "get",
        lambda w: reverse("inspection-export-json", args=[w.inspection.pk]),
        READ,
    ),
    Case(
        "measurement form",
        "get",
        lambda w: reverse("measurement-create", args=[w.indicator.pk]),
        ADD_MEASUREMENT,
    ),
    Case(
        "add a measurement",
        "post",
        lambda w: reverse("measurement-create", args=[w.indicator.pk]),
        {**ADD_MEASUREMENT, "manager": 302, "admin": 302},
    ),
    *export_cases("csv"),
    *export_cases("xlsx"),
    *export_cases("pdf"),
]


@pytest.fixture
def world(kirklees) -> World:
    call_command("load_indicators", str(INDICATORS), stdout=io.StringIO())
    return World(kirklees, kirklees.pdu.region, Indicator.objects.order_by("pk").first())


def request(client, case: Case, world: World):
    url = case.url(world)
    if case.method == "get":
        return client.get(url)
    return client.post(url, {"date": "2025-01-01", "value": "1", "cases": "1", "total": "2"})


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("who", list(READ))
def test_each_member_of_the_cast_gets_the_answer_their_rights_allow(client, cast, world, case, who):
    client.force_login(cast[who])
    assert request(client, case, world).status_code == case.expected[who]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_anonymous_user_is_sent_to_sign_in(client, world, case):
    response = request(client, case, world)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('login')}?next={case.url(world)}"


def test_an_anonymous_post_adds_no_measurement(client, world):
    request(client, next(c for c in CASES if c.method == "post"), world)
    assert not Measurement.objects.exists()
