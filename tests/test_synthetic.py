"""The synthetic data set: marked, of the asked size, and following the service's own rules."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from imports.importer import inspections_for_export
from inspections.models import PDU, Inspection, Membership, Region, Role
from inspections.rules import published_disagreements
from recommendations.models import (
    Action,
    DueDateChange,
    Indicator,
    Measurement,
    ProgressUpdate,
    Recommendation,
    Status,
)
from recommendations.rules import check_transition
from tests import factory

TINY = {
    "regions": 2,
    "pdus_per_region": "2-3",
    "inspections_per_pdu": 2,
    "updates_per_recommendation": 12,
    "seed": 7,
    "password": "synthetic password 1",
}


def generate(**options):
    """Run the command as from the command line, so that its arguments are parsed too."""
    argv = []
    for name, value in {**TINY, **options}.items():
        flag = "--" + name.replace("_", "-")
        argv += [flag] if value is True else [f"{flag}={value}"]
    call_command("generate_synthetic", *argv, verbosity=0)


def snapshot():
    return list(
        ProgressUpdate.objects.order_by("pk").values_list(
            "recommendation__inspection__pdu__name", "status", "rag", "created_at"
        )
    )


@pytest.mark.django_db
def test_it_makes_the_asked_numbers_of_each_thing():
    generate()

    assert Region.objects.count() == 2
    pdus = PDU.objects.count()
    assert 4 <= pdus <= 6
    assert Inspection.objects.count() == 2 * pdus
    recommendations = Recommendation.objects.count()
    assert 6 * 2 * pdus <= recommendations <= 10 * 2 * pdus
    assert ProgressUpdate.objects.count() == 12 * recommendations
    for recommendation in Recommendation.objects.all():
        assert 1 <= recommendation.actions.count() <= 4
    assert DueDateChange.objects.exists()
    assert Indicator.objects.exists()
    assert Measurement.objects.exists()


@pytest.mark.django_db
def test_it_totals_the_pdus_asked_for_within_each_regions_range():
    generate(regions=3, pdus_per_region="1-5", pdus=12, updates_per_recommendation=0)

    per_region = [region.pdus.count() for region in Region.objects.all()]
    assert sum(per_region) == 12
    assert all(1 <= count <= 5 for count in per_region)


@pytest.mark.django_db
def test_everything_it_makes_is_marked_synthetic():
    generate()

    assert all(
        name.startswith("Synthetic Region ")
        for name in Region.objects.values_list("name", flat=True)
    )
    assert all(name.startswith("Synthetic ") for name in PDU.objects.values_list("name", flat=True))
    assert set(Inspection.objects.values_list("source_name", flat=True)) == {"synthetic"}
    usernames = get_user_model().objects.values_list("username", flat=True)
    assert all(name.startswith("synthetic-") for name in usernames)


@pytest.mark.django_db
def test_it_gives_each_pdu_a_manager_and_each_region_a_lead_with_the_password():
    generate()

    for number, pdu in enumerate(PDU.objects.order_by("pk"), start=1):
        assert Membership.objects.filter(
            user__username=f"synthetic-manager-{number}", pdu=pdu, role=Role.MANAGER
        ).exists()
    for number, region in enumerate(Region.objects.order_by("pk"), start=1):
        assert Membership.objects.filter(
            user__username=f"synthetic-lead-{number}", region=region, role=Role.REGIONAL_LEAD
        ).exists()
    lead = get_user_model().objects.get(username="synthetic-lead-1")
    assert lead.check_password("synthetic password 1")


@pytest.mark.django_db
def test_the_later_inspection_follows_the_earlier_and_reviews_its_recommendations():
    generate()

    for pdu in PDU.objects.all():
        earlier, later = pdu.inspections.order_by("published")
        assert later.previous_inspection == earlier
        assert earlier.previous_inspection is None
        assert later.previous_recommendation_reviews.count() == earlier.recommendations.count()


@pytest.mark.django_db
def test_ratings_agree_with_the_frameworks_bands():
    generate()

    for inspection in inspections_for_export():
        assert inspection.framework.max_score == 21
        assert [s.code for s in inspection.standards.all()] == [
            "P 1.1", "P 1.2", "P 1.3", "P 2.1", "P 2.2", "P 2.3", "P 2.4"
        ]  # fmt: skip
        assert all(s.key_questions.all() for s in inspection.standards.all() if s.domain == 2)
        assert published_disagreements(inspection) == []


@pytest.mark.django_db
def test_each_recommendations_position_is_its_latest_updates():
    generate()

    for recommendation in Recommendation.objects.all():
        factory.assert_position_is_the_latest_updates(recommendation)


@pytest.mark.django_db
def test_updates_follow_the_workflow():
    generate(updates_per_recommendation=30)

    leads = set(
        Membership.objects.filter(role=Role.REGIONAL_LEAD).values_list("user_id", flat=True)
    )
    for recommendation in Recommendation.objects.prefetch_related("updates"):
        status = Status.NOT_STARTED
        for update in sorted(recommendation.updates.all(), key=lambda u: (u.created_at, u.pk)):
            check_transition(
                status, update.status, may_verify=update.author_id in leads, reason=update.reason
            )
            assert update.created_at.date() >= recommendation.inspection.published
            status = update.status
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert {Status.IN_PROGRESS, Status.COMPLETE} <= statuses


@pytest.mark.django_db
def test_some_actions_are_overdue_and_moved_dates_are_recorded():
    generate()

    assert any(action.is_overdue() for action in Action.objects.all())
    for action in Action.objects.filter(due_date_changes__isnull=False).distinct():
        moves = list(action.due_date_changes.order_by("changed_at", "pk"))
        assert moves[-1].new_due_date == action.due_date
        for before, after in itertools.pairwise(moves):
            assert after.old_due_date == before.new_due_date


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        generate()
        first = snapshot()
        transaction.set_rollback(True)

    generate()

    assert snapshot() == first


@pytest.mark.django_db
def test_it_refuses_a_database_with_real_inspections():
    factory.import_kirklees()

    with pytest.raises(CommandError, match="real inspections"):
        generate()
    assert not Region.objects.filter(name__startswith="Synthetic").exists()


@pytest.mark.django_db
def test_it_adds_beside_real_inspections_when_told_to():
    factory.import_kirklees()

    generate(allow_real_data=True)

    assert Inspection.objects.filter(pdu__name="Kirklees").exists()
    assert Region.objects.filter(name__startswith="Synthetic Region").count() == 2


@pytest.mark.django_db
def test_it_refuses_to_generate_twice():
    generate()

    with pytest.raises(CommandError, match="already holds synthetic data"):
        generate()
