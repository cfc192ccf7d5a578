"""Small builders for the reminders' tests."""

import datetime

from django.utils import timezone

from recommendations.models import Recommendation, Status
from tests import factory

# A Monday, so that the digest is due; the daily reminders go every day.
MONDAY = datetime.date(2026, 3, 9)


def with_email(user, address: str | None = None):
    user.email = f"{user.get_username()}@justice.example" if address is None else address
    user.save(update_fields=["email"])
    return user


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def make_complete(recommendation: Recommendation, author, on: datetime.date) -> None:
    """In progress the day before `on`, Complete on `on`."""
    factory.update(
        recommendation, author, status=Status.IN_PROGRESS, at=noon(on - datetime.timedelta(1))
    )
    factory.update(recommendation, author, status=Status.COMPLETE, at=noon(on))


def next_monday(day: datetime.date) -> datetime.date:
    """The Monday whose digest covers `day` (the seven days before it)."""
    return day + datetime.timedelta(days=7 - day.weekday())
