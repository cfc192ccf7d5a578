"""Rules the database keeps, whoever writes to it."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from inspections.models import KeyQuestion
from recommendations.models import AppendOnlyError, Recommendation, Status
from tests import factory


def test_recommendation_numbers_are_unique_within_an_inspection(kirklees):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(inspection=kirklees, number=1, text="Again")


def test_standard_codes_are_unique_within_an_inspection(kirklees):
    with pytest.raises(IntegrityError), transaction.atomic():
        kirklees.standards.create(code="P 1.1", name="Again", domain=1, rating="good")


def test_a_percentage_above_100_is_refused_by_the_database(kirklees):
    standard = kirklees.standards.get(code="P 2.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        KeyQuestion.objects.create(standard=standard, order=9, text="?", percent_yes=140)


def test_a_status_outside_the_choices_is_refused_by_the_database(kirklees):
    with pytest.raises(IntegrityError), transaction.atomic():
        kirklees.recommendations.filter(number=1).update(status="done")


def test_a_progress_update_cannot_be_edited(kirklees, manager):
    update = factory.update(kirklees.recommendations.get(number=1), manager, Status.IN_PROGRESS)
    update.what_was_done = "Rewritten history"

    with pytest.raises(AppendOnlyError):
        update.save()


def test_a_progress_update_cannot_be_deleted(kirklees, manager):
    update = factory.update(kirklees.recommendations.get(number=1), manager, Status.IN_PROGRESS)

    with pytest.raises(AppendOnlyError):
        update.delete()


def test_a_recommendation_with_updates_protects_its_inspection(kirklees, manager):
    factory.update(kirklees.recommendations.get(number=1), manager, Status.IN_PROGRESS)

    with pytest.raises(ProtectedError):
        kirklees.delete()


def test_a_membership_is_in_a_pdu_or_a_region_not_both(kirklees):
    from inspections.models import Membership

    user = factory.user()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, role="viewer", pdu=kirklees.pdu, region=kirklees.pdu.region
        )
