"""The status pages take the same queries for a 5-PDU region and a 16-PDU region, and for 10
updates a recommendation and 200 (issue 11: query counts asserted at two data sizes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import RAG, ProgressUpdate, Status
from reporting.tests.helpers import queries_for
from reporting.tests.test_status_pages import QUERIES
from tests import factory

STATUS_CYCLE = [Status.IN_PROGRESS, Status.COMPLETE, Status.IN_PROGRESS, Status.VERIFIED]
RAG_CYCLE = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.AMBER, ""]


def add_pdus(region, count: int) -> list:
    return [
        factory.inspection(factory.pdu(in_region=region), recommendations=8) for _ in range(count)
    ]


def add_updates(inspections, author, each: int) -> None:
    """`each` updates a recommendation, spread over the past two years, written in bulk."""
    now = timezone.now()
    rows = [
        ProgressUpdate(
            recommendation=rec,
            author=author,
            created_at=now - datetime.timedelta(days=700 * (each - n) / each),
            what_was_done=f"Step {n}",
            status=STATUS_CYCLE[n % len(STATUS_CYCLE)],
            rag=RAG_CYCLE[n % len(RAG_CYCLE)],
        )
        for inspection in inspections
        for rec in inspection.recommendations.all()
        for n in range(each)
    ]
    ProgressUpdate.objects.bulk_create(rows, batch_size=500)


def steady_queries(client, url: str) -> int:
    client.get(url)  # stores the weeks that are over
    response, queries = queries_for(client, url)
    assert response.status_code == 200
    return queries


@pytest.mark.parametrize("params", ["", "?period=publication"])
def test_a_16_pdu_region_takes_the_queries_of_a_5_pdu_region(client, lead, kirklees, params):
    region = kirklees.pdu.region
    url = reverse("region-status", args=[region.pk]) + params
    client.force_login(lead)
    inspections = [kirklees, *add_pdus(region, 4)]
    add_updates(inspections, lead, each=10)
    five = steady_queries(client, url)
    more = add_pdus(region, 11)
    add_updates(more, lead, each=10)
    sixteen = steady_queries(client, url)
    assert five == sixteen == QUERIES["region-status"]


@pytest.mark.parametrize("name", ["inspection-status", "region-status"])
def test_200_updates_a_recommendation_take_the_queries_of_10(client, lead, kirklees, name):
    pk = kirklees.pk if name == "inspection-status" else kirklees.pdu.region.pk
    url = reverse(name, args=[pk])
    client.force_login(lead)
    add_updates([kirklees], lead, each=10)
    ten = steady_queries(client, url)
    add_updates([kirklees], lead, each=190)
    two_hundred = steady_queries(client, url)
    assert ten == two_hundred == QUERIES[name]
