"""The PDF exports' worst cases, read back: the longest entries, hostile text, the query count."""

import io
import os

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from recommendations.actions import ActionRefused, add_action, set_action_status
from recommendations.models import Status, UpdateKind
from recommendations.plan import PlanRefused
from recommendations.rules import record_update
from reporting.tests.helpers import at, days_ago, grow, queries_for
from reporting.tests.pdf_helpers import export, flat, pages, rec
from tests import factory

TODAY = timezone.localdate


# Worst cases

LONG = ("A sentence of fifty characters, give or take a few. " * 100)[:4990] + " LAST-WORDS"


@pytest.fixture
def worst(kirklees, manager):
    """A 5,000-character update and action, 60 actions on one recommendation, 500 updates."""
    first = rec(kirklees, 1)
    for index in range(499):
        factory.update(
            first, manager, at=at(days_ago(400 - index % 300)), what_was_done=f"U{index}"
        )
    factory.update(first, manager, what_was_done=LONG, impact=LONG)
    add_action(first, description=LONG, due_date=TODAY(), by=manager, owner="SPO")
    for index in range(59):
        add_action(
            first, description=f"Action {index:02}", due_date=TODAY(), by=manager, owner="PO"
        )
    factory.plan(first, by=manager, response="partly_agreed", response_reason=LONG)
    return kirklees


@pytest.mark.parametrize("layout", ["action-plan", "previous-recommendations"])
def test_the_worst_cases_render_and_read_back(client, manager, worst, layout):
    client.force_login(manager)
    texts = pages(client.get(export(worst, layout)))
    text = flat(texts)
    assert text.count("LAST-WORDS") >= 4  # what was done, its impact, the action, the response
    assert all(f"Action {index:02}" in text for index in range(59))
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_the_worst_cases_render_in_the_region_and_list_pdfs_too(client, lead, worst):
    client.force_login(lead)
    for url in [
        reverse("region-export", args=[worst.pdu.region.pk, "pdf"]),
        reverse("recommendation-list-export", args=["pdf"]),
    ]:
        assert "LAST-WORDS" in flat(pages(client.get(url)))


def test_a_long_word_with_no_spaces_is_broken_rather_than_overflowing(client, manager, kirklees):
    factory.update(rec(kirklees, 1), manager, what_was_done="x" * 5000)
    client.force_login(manager)
    assert "xxxxxxxxxx" in flat(pages(client.get(export(kirklees))))


# Queries


@pytest.mark.parametrize("scope", ["inspection", "region"])
def test_the_pdf_takes_the_same_queries_however_much_data(client, lead, kirklees, scope):
    url = {
        "inspection": reverse("inspection-export", args=[kirklees.pk, "pdf"]),
        "region": reverse("region-export", args=[kirklees.pdu.region.pk, "pdf"]),
    }[scope]
    grow(kirklees, lead, updates_each=1, actions_each=1)
    client.force_login(lead)
    client.get(url)
    _, small = queries_for(client, url)
    grow(kirklees, lead, updates_each=6, actions_each=8)
    response, large = queries_for(client, url)
    assert response.status_code == 200
    assert small == large  # test_exports.py holds the number itself


# Fuzz: what the forms let through, written the one way the service writes it, in every PDF

# Each example renders six PDFs, so few by default, derandomised so that a run is repeatable;
# PDF_FUZZ_EXAMPLES=200 explores further by hand.
FUZZ = settings(
    max_examples=int(os.getenv("PDF_FUZZ_EXAMPLES", "6")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Any text a form accepts: no NUL (Django's forms refuse it) and no lone surrogates (not UTF-8).
typed = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)
hostile = typed | st.sampled_from(
    [
        "x" * 5000,
        ("word " * 1000)[:5000],
        "<para>bold</para> & <b>x</b> <br/> ]]> &amp; &#0; <script>alert(1)</script>",
        "=1+1",
        "\u202eright to left\u202c \u200b 😀 中文 עברית",
        "line\n" * 400,
        "\x07\x1b\x0b\x0c",
        "",
        " ",
    ]
)


def _write(recommendation, manager, lead, texts, actions: int, decision: str) -> None:
    """Everything a PDU and its lead write about one recommendation, through the domain."""
    what, impact, reason, owner, comment = texts
    try:
        factory.plan(recommendation, by=manager, response="partly_agreed", response_reason=reason)
        factory.plan(recommendation, by=manager, owner=owner, target_date=TODAY())
    except PlanRefused:
        pass
    for index in range(actions):
        try:
            action = add_action(
                recommendation, description=what or "x", due_date=TODAY(), by=manager, owner=owner
            )
        except ActionRefused:
            continue
        if index % 2:
            set_action_status(action, "complete", by=manager)
    record_update(
        recommendation,
        author=manager,
        may_verify=False,
        what_was_done=what,
        impact=impact,
        status=Status.IN_PROGRESS,
        rag="red",
    )
    record_update(
        recommendation,
        author=manager,
        may_verify=False,
        what_was_done=impact,
        impact=what,
        status=Status.COMPLETE,
        rag="green",
    )
    if decision == "verify":
        record_update(
            recommendation,
            author=lead,
            may_verify=True,
            what_was_done=comment,
            status=Status.VERIFIED,
            kind=UpdateKind.VERIFICATION,
        )
    elif decision == "send back":
        record_update(
            recommendation,
            author=lead,
            may_verify=True,
            what_was_done="",
            reason=comment if comment.strip() else "Not yet",
            status=Status.IN_PROGRESS,
            kind=UpdateKind.SENT_BACK,
        )


@pytest.mark.django_db
@FUZZ
@given(
    st.tuples(hostile, hostile, hostile, hostile, hostile),
    st.integers(min_value=0, max_value=25),
    st.sampled_from(["verify", "send back", "none"]),
    typed.filter(lambda name: name.strip()).map(lambda name: name.strip()[:100]),
)
def test_hostile_and_oversized_entries_render_in_every_scope_and_layout(
    client, kirklees, manager, lead, texts, actions, decision, pdu_name
):
    urls = [
        reverse("inspection-export", args=[kirklees.pk, "pdf"]),
        reverse("region-export", args=[kirklees.pdu.region.pk, "pdf"]),
        reverse("recommendation-list-export", args=["pdf"]),
    ]
    client.force_login(lead)
    with transaction.atomic():
        type(kirklees.pdu).objects.filter(pk=kirklees.pdu_id).update(name=pdu_name)
        _write(rec(kirklees, 1), manager, lead, texts, actions, decision)
        for url in urls:
            for layout in ("action-plan", "previous-recommendations"):
                response = client.get(url, {"layout": layout})
                assert response.status_code == 200
                assert PdfReader(io.BytesIO(response.content)).pages
        transaction.set_rollback(True)
