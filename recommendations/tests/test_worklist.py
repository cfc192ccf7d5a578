"""Home's worklist: what each figure counts, and that it agrees with the list it links to."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from inspections.models import Role
from recommendations import worklist
from recommendations.actions import add_action
from recommendations.models import Recommendation, Status, UpdateKind
from recommendations.queries import on_latest_inspection
from recommendations.synthetic import Options, generate
from tests import factory

HOME = reverse("home")


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + days(offset)


def update_back_then(recommendation, author, at, status=Status.IN_PROGRESS):
    """An update logged at `at`, with the position it left (as record_update wrote it then)."""
    factory.update(recommendation, author, status, at=at)
    Recommendation.objects.filter(pk=recommendation.pk).update(position_updated_at=at)


def figures_by_label(user) -> dict[str, int]:
    return {figure.label: figure.count for figure in worklist.pdu_figures(user)}


def send_back(recommendation, manager, lead):
    factory.update(recommendation, manager, Status.IN_PROGRESS)
    factory.update(recommendation, manager, Status.COMPLETE)
    factory.update(
        recommendation, lead, Status.IN_PROGRESS, kind=UpdateKind.SENT_BACK, reason="No evidence"
    )


# What the figures count


def test_a_manager_counts_overdue_actions_due_soon_and_their_own(manager, viewer, kirklees):
    first = kirklees.recommendations.get(number=1)
    factory.action(first, due_date=day(-3))
    factory.action(first, due_date=day(-3), status="complete")
    factory.action(first, due_date=day(14))
    factory.action(first, due_date=day(15), owner="", owner_user=manager)
    factory.action(first, due_date=day(1), owner="", owner_user=manager, status="complete")
    factory.action(first, due_date=day(1), owner="", owner_user=viewer)
    counts = figures_by_label(manager)
    assert counts["Overdue actions"] == 1
    assert counts["Actions due in the next 14 days"] == 2
    assert counts["My actions"] == 1


def test_a_manager_counts_quiet_and_sent_back_recommendations(manager, lead, kirklees):
    now = timezone.now()
    for number in range(1, 8):
        update_back_then(kirklees.recommendations.get(number=number), manager, now - days(2))
    update_back_then(kirklees.recommendations.get(number=1), manager, now - days(29))
    send_back(kirklees.recommendations.get(number=2), manager, lead)
    counts = figures_by_label(manager)
    # Recommendation 8 was never updated, and the report is older than 28 days.
    assert counts["Recommendations with no update for 28 days"] == 2
    assert counts["Recommendations sent back by the regional lead"] == 1


def test_only_each_pdus_latest_inspection_counts(manager, kirklees):
    factory.action(kirklees.recommendations.get(number=1), due_date=day(-3))
    later = factory.inspection(kirklees.pdu, recommendations=1, published=day(-10))
    factory.action(later.recommendations.get(), due_date=day(-1))
    counts = figures_by_label(manager)
    assert counts["Overdue actions"] == 1
    # The new report is ten days old: not yet quiet.
    assert counts["Recommendations with no update for 28 days"] == 0


def test_awaiting_verification_is_longest_waiting_first_with_the_days_waited(
    lead, manager, kirklees
):
    now = timezone.now()
    for number, waited in [(3, 2), (5, 9)]:
        recommendation = kirklees.recommendations.get(number=number)
        factory.update(recommendation, manager, Status.IN_PROGRESS, at=now - days(waited + 5))
        factory.update(recommendation, manager, Status.COMPLETE, at=now - days(waited))
    figure, waiting = worklist.awaiting_verification(lead)
    assert figure.count == 2
    assert [(w.recommendation.number, w.days) for w in waiting] == [(5, 9), (3, 2)]


def test_awaiting_verification_shows_the_longest_few_but_counts_them_all(lead, manager, kirklees):
    for recommendation in kirklees.recommendations.filter(number__lte=4):
        factory.update(recommendation, manager, Status.IN_PROGRESS)
        factory.update(recommendation, manager, Status.COMPLETE)
    figure, waiting = worklist.awaiting_verification(lead, shown=3)
    assert (figure.count, len(waiting)) == (4, 3)


def test_a_pdu_is_quiet_when_none_of_its_latest_recommendations_was_updated(
    lead, manager, kirklees, calderdale
):
    factory.inspection(calderdale, recommendations=2)
    quiet = worklist.quiet_pdus(lead)
    assert [(q.pdu.name, q.recommendations) for q in quiet] == [("Calderdale", 2), ("Kirklees", 8)]


def test_one_recent_update_makes_a_pdu_not_quiet(lead, manager, kirklees):
    update_back_then(kirklees.recommendations.get(number=4), manager, timezone.now() - days(3))
    assert worklist.quiet_pdus(lead) == []


def test_a_pdu_without_an_inspection_or_with_a_fresh_one_is_not_quiet(lead, kirklees, calderdale):
    factory.inspection(kirklees.pdu, recommendations=2, published=day(-5))
    assert worklist.quiet_pdus(lead) == []


# Each figure on home agrees with the list it links to


def linked_figures(client) -> list[worklist.Figure]:
    """Every figure on home with its link: the worklist's and the PDU table's counts."""
    context = client.get(HOME).context
    figures = [*context["figures"], *context.get("regional_figures", [])]
    for quiet in context.get("quiet_pdus", []):
        figures.append(worklist.Figure(f"{quiet.pdu} quiet", quiet.recommendations, quiet.url))
    for row in context["rows"]:
        if row.inspection is None:
            continue
        for status in row.status_counts:
            figures.append(worklist.Figure(f"{row.pdu} {status.label}", status.count, status.url))
        figures.append(
            worklist.Figure(f"{row.pdu} overdue", row.inspection.overdue_actions, row.overdue_url)
        )
    return figures


def assert_every_figure_is_the_length_of_its_list(client) -> list[worklist.Figure]:
    figures = linked_figures(client)
    assert figures
    for figure in figures:
        response = client.get(figure.url)
        assert response.status_code == 200, figure
        assert response.context["page"].paginator.count == figure.count, figure
    return figures


def test_a_managers_figures_agree_with_their_lists(client, manager, lead, kirklees):
    first, second = kirklees.recommendations.filter(number__in=[1, 2])
    factory.action(first, due_date=day(-2))
    factory.action(first, due_date=day(5), owner="", owner_user=manager)
    send_back(second, manager, lead)
    client.force_login(manager)
    figures = assert_every_figure_is_the_length_of_its_list(client)
    assert {f.label: f.count for f in figures}[
        "Recommendations sent back by the regional lead"
    ] == 1


@pytest.fixture
def synthetic(db):
    """A small national data set, with people owning actions and a send-back on top, since
    the generator writes neither."""
    generate(
        Options(
            regions=2,
            pdus_per_region=(2, 3),
            updates_per_recommendation=8,
            seed=3,
            password="synthetic password 1",
        )
    )
    users = get_user_model().objects
    manager = users.get(username="synthetic-manager-1")
    lead = users.get(username="synthetic-lead-1")
    pdu = manager.memberships.get().pdu
    for n, recommendation in enumerate(
        Recommendation.objects.filter(on_latest_inspection(), inspection__pdu=pdu)[:3]
    ):
        add_action(
            recommendation,
            description=f"Audit {n}",
            due_date=day(3 * n),
            by=manager,
            owner_user=manager,
        )
    in_progress = Recommendation.objects.filter(
        inspection__pdu__region=pdu.region, status=Status.IN_PROGRESS
    ).first()
    factory.update(in_progress, manager, Status.COMPLETE, may_verify=False)
    factory.update(
        in_progress, lead, Status.IN_PROGRESS, kind=UpdateKind.SENT_BACK, reason="No evidence"
    )
    return manager, lead


def test_with_synthetic_data_every_figure_on_a_managers_home_is_its_lists_length(client, synthetic):
    manager, _ = synthetic
    client.force_login(manager)
    assert_every_figure_is_the_length_of_its_list(client)


def test_with_synthetic_data_every_figure_on_a_leads_home_is_its_lists_length(client, synthetic):
    _, lead = synthetic
    client.force_login(lead)
    figures = assert_every_figure_is_the_length_of_its_list(client)
    assert any(f.label == "Awaiting verification" and f.count for f in figures)


def test_a_lead_who_manages_nothing_gets_no_manager_figures(client, lead, kirklees):
    client.force_login(lead)
    context = client.get(HOME).context
    assert context["figures"] == []
    assert [f.label for f in context["regional_figures"]] == [
        "Awaiting verification",
        "Overdue actions",
    ]


def test_a_manager_gets_no_regional_figures(client, manager, kirklees):
    client.force_login(manager)
    assert "regional_figures" not in client.get(HOME).context


def test_a_member_of_a_pdu_and_a_region_gets_both(client, kirklees, yorkshire):
    user = factory.member(kirklees.pdu, Role.MANAGER)
    factory.Membership.objects.create(user=user, region=yorkshire, role=Role.REGIONAL_LEAD)
    client.force_login(user)
    context = client.get(HOME).context
    assert context["figures"] and context["regional_figures"]
