"""`day_as`: Django's `date` filter for a day, remembered, with the same words."""

import datetime

from django.template.defaultfilters import date
from django.utils import timezone, translation

from recommendations.templatetags.tracker import day_as

DAY = datetime.date(2025, 3, 31)


def test_a_day_is_written_as_the_date_filter_writes_it():
    assert day_as(DAY, "F Y") == date(DAY, "F Y") == "March 2025"


def test_the_same_day_in_another_format_is_written_in_that_format():
    day_as(DAY, "F Y")
    assert day_as(DAY, "j M Y") == "31 Mar 2025"


def test_a_day_is_written_in_the_language_in_use():
    with translation.override("cy"):
        assert day_as(DAY, "F Y") == date(DAY, "F Y")
    assert day_as(DAY, "F Y") == "March 2025"


def test_a_moment_is_written_as_the_date_filter_writes_it():
    moment = timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 30))
    assert day_as(moment, "j M Y, H:i") == date(moment, "j M Y, H:i")


def test_no_day_is_written_as_nothing():
    assert day_as(None, "F Y") == ""
