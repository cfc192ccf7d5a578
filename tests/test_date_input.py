"""The GOV.UK date input: Day, Month and Year boxes, GOV.UK's messages, the ISO form of links."""

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kirklees_tracker.dates import DateField, read_date
from tests import factory

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


class DueDateForm(forms.Form):
    due_date = DateField(label="Due date")

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < datetime.date(2025, 1, 1):
            raise self.fields["due_date"].error("today_or_future")
        return value


def boxes(day="", month="", year="", name="due_date") -> dict:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def errors_of(data: dict) -> list[str]:
    form = DueDateForm(data)
    assert not form.is_valid()
    return form.errors["due_date"]


def html_of(form: forms.Form) -> str:
    form.is_valid()
    summary = Template('{% include "govuk/error_summary.html" with form=form %}{{ form }}')
    return summary.render(Context({"form": form}))


def input_tag(html: str, part: str) -> str:
    return re.search(rf'<input[^>]*name="due_date-{part}"[^>]*>', html)[0]


def test_three_boxes_make_a_date():
    form = DueDateForm(boxes("31", "3", "2025"))
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2025, 3, 31)


def test_nothing_entered_asks_for_the_date():
    assert errors_of(boxes()) == ["Enter a due date"]


def test_nothing_posted_at_all_asks_for_the_date():
    assert errors_of({}) == ["Enter a due date"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (boxes("", "3", "2025"), "Due date must include a day"),
        (boxes("31", "", "2025"), "Due date must include a month"),
        (boxes("31", "3", ""), "Due date must include a year"),
        (boxes("", "", "2025"), "Due date must include a day and month"),
        (boxes("", "3", ""), "Due date must include a day and year"),
        (boxes("31", "", ""), "Due date must include a month and year"),
    ],
)
def test_an_incomplete_date_says_what_it_must_include(data, message):
    assert errors_of(data) == [message]


@pytest.mark.parametrize(
    "data",
    [
        boxes("32", "1", "2025"),
        boxes("0", "1", "2025"),
        boxes("1", "13", "2025"),
        boxes("1", "0", "2025"),
        boxes("31", "4", "2025"),
        boxes("29", "2", "2025"),
        boxes("29", "2", "2100"),
        boxes("first", "3", "2025"),
        boxes("1", "3", "twenty"),
        boxes("1", "3", "20255"),
        boxes("1.5", "3", "2025"),
        boxes("-1", "3", "2025"),
        boxes("١", "3", "2025"),  # an Arabic-Indic digit: not one the boxes take
    ],
)
def test_a_date_that_cannot_be_right_must_be_a_real_date(data):
    assert errors_of(data) == ["Due date must be a real date"]


@pytest.mark.parametrize(("day", "year"), [("29", "2024"), ("29", "2000"), ("28", "2025")])
def test_leap_years_have_a_29_february(day, year):
    field = DateField(label="Due date")
    assert field.clean({"day": day, "month": "2", "year": year}) == datetime.date(
        int(year), 2, int(day)
    )


def test_a_two_figure_year_must_have_four_numbers():
    assert errors_of(boxes("31", "3", "25")) == ["Due date year must include 4 numbers"]


@pytest.mark.parametrize("year", ["1999", "2100", "0001", "9999"])
def test_a_year_outside_the_range_is_refused(year):
    assert errors_of(boxes("1", "1", year)) == ["Due date must be between 2000 and 2099"]


def test_space_around_each_box_is_ignored():
    form = DueDateForm(boxes(" 7 ", "\t03", "2025\n"))
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2025, 3, 7)


@pytest.mark.parametrize("month", ["March", "mar", "MAR", "Mar.", "3", "03"])
def test_a_month_may_be_written_as_a_name_or_a_number(month):
    form = DueDateForm(boxes("31", month, "2025"))
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2025, 3, 31)


@pytest.mark.parametrize("iso", ["2025-03-31", " 2025-03-31 ", "2025-3-31"])
def test_a_single_iso_value_is_taken_too(iso):
    form = DueDateForm({"due_date": iso})
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2025, 3, 31)


@pytest.mark.parametrize("iso", ["2025-02-30", "31/03/2025", "next week", "2025-03-31T00:00"])
def test_an_iso_value_that_is_not_a_date_must_be_a_real_date(iso):
    assert errors_of({"due_date": iso}) == ["Due date must be a real date"]


def test_the_boxes_win_over_an_iso_value_sent_with_them():
    form = DueDateForm({"due_date": "2025-03-31", **boxes("1", "4", "2025")})
    assert form.is_valid()
    assert form.cleaned_data["due_date"] == datetime.date(2025, 4, 1)


def test_an_optional_date_left_empty_is_none():
    class Optional(forms.Form):
        as_at = DateField(label="As at", name="As at date", required=False)

    form = Optional(boxes(name="as_at"))
    assert form.is_valid()
    assert form.cleaned_data["as_at"] is None
    assert Optional({"as_at-day": "1", "as_at-year": "2025"}).errors["as_at"] == [
        "As at date must include a month"
    ]


def test_a_forms_own_rule_about_the_date_speaks_in_its_name():
    assert errors_of(boxes("1", "1", "2024")) == ["Due date must be today or in the future"]


def test_a_message_may_be_replaced():
    class Measured(forms.Form):
        date = DateField(
            label="Date measured",
            error_messages={"required": "Enter the date the measurement was taken"},
        )

    assert Measured({}).errors["date"] == ["Enter the date the measurement was taken"]
    assert Measured(boxes("1", "", "2025", name="date")).errors["date"] == [
        "Date measured must include a month"
    ]


def test_the_boxes_are_govuk_date_input_markup():
    html = html_of(DueDateForm())
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_due_date_helptext">' in html
    assert '<legend class="govuk-fieldset__legend">Due date</legend>' in html
    assert "For example, 31 3 2025" in html
    assert '<div class="govuk-date-input" id="id_due_date">' in html
    for part, label, width in [("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)]:
        tag, tag_id = input_tag(html, part), f"id_due_date-{part}"
        assert f'id="{tag_id}"' in tag
        assert 'type="text"' in tag
        assert 'inputmode="numeric"' in tag
        assert f"govuk-date-input__input govuk-input--width-{width}" in tag
        label_tag = f'<label class="govuk-label govuk-date-input__label" for="{tag_id}">'
        assert f"{label_tag}{label}</label>" in html


def test_a_date_opens_on_its_initial_value():
    html = html_of(DueDateForm(initial={"due_date": datetime.date(2025, 3, 9)}))
    assert 'value="9"' in input_tag(html, "day")
    assert 'value="3"' in input_tag(html, "month")
    assert 'value="2025"' in input_tag(html, "year")


def test_what_was_typed_comes_back_as_typed():
    html = html_of(DueDateForm(boxes("31", "Mar", "")))
    assert 'value="31"' in input_tag(html, "day")
    assert 'value="Mar"' in input_tag(html, "month")


def test_an_iso_value_comes_back_in_the_boxes():
    html = html_of(DueDateForm({"due_date": "2025-02-30"}))
    assert 'value="30"' in input_tag(html, "day")
    assert 'value="2"' in input_tag(html, "month")


def test_only_the_box_that_is_missing_is_highlighted_and_the_summary_links_to_it():
    html = html_of(DueDateForm(boxes("31", "", "2025")))
    assert "govuk-input--error" in input_tag(html, "month")
    assert 'aria-invalid="true"' in input_tag(html, "month")
    assert "govuk-input--error" not in input_tag(html, "day")
    assert "govuk-input--error" not in input_tag(html, "year")
    assert '<a href="#id_due_date-month">Due date must include a month</a>' in html
    assert 'aria-describedby="id_due_date_helptext id_due_date_error"' in html
    assert 'id="id_due_date_error"' in html


def test_the_first_missing_box_is_the_one_linked():
    html = html_of(DueDateForm(boxes("", "", "2025")))
    assert '<a href="#id_due_date-day">' in html
    assert "govuk-input--error" in input_tag(html, "month")


def test_a_day_that_month_does_not_have_highlights_the_day():
    html = html_of(DueDateForm(boxes("31", "4", "2025")))
    assert "govuk-input--error" in input_tag(html, "day")
    assert "govuk-input--error" not in input_tag(html, "month")
    assert '<a href="#id_due_date-day">Due date must be a real date</a>' in html


def test_a_year_out_of_range_highlights_the_year():
    html = html_of(DueDateForm(boxes("1", "1", "1999")))
    assert "govuk-input--error" in input_tag(html, "year")
    assert "govuk-input--error" not in input_tag(html, "day")
    assert '<a href="#id_due_date-year">' in html


def test_a_problem_with_the_whole_date_highlights_all_three_and_links_to_the_day():
    html = html_of(DueDateForm(boxes("1", "1", "2024")))
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in input_tag(html, part)
    assert '<a href="#id_due_date-day">Due date must be today or in the future</a>' in html


def test_several_wrong_boxes_highlight_the_whole_date():
    html = html_of(DueDateForm(boxes("40", "13", "2025")))
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in input_tag(html, part)


def test_a_prefixed_form_names_its_boxes_after_the_prefixed_field():
    form = DueDateForm(prefix="action")
    html = html_of(form)
    assert 'name="action-due_date-day"' in html
    assert DueDateForm(boxes("1", "4", "2025", name="action-due_date"), prefix="action").is_valid()


# Anything at all in any box, or as the single value: a date in range or a message, never a crash.
hostile = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "00", "31", "2025", "1e3", "٣", "²", "\x00", "x" * 5000]),
    st.integers().map(str),
)


@settings(max_examples=300, deadline=None)
@given(hostile, hostile, hostile, hostile, st.booleans())
def test_any_input_gives_a_date_in_range_or_a_message(day, month, year, iso, send_boxes):
    data = {"due_date": iso} | (boxes(day, month, year) if send_boxes else {})
    form = DueDateForm(data)
    if form.is_valid():
        assert (
            datetime.date(2025, 1, 1)
            <= form.cleaned_data["due_date"]
            <= datetime.date(2099, 12, 31)
        )
    else:
        assert form.errors["due_date"][0]
    html_of(form)


@settings(max_examples=200, deadline=None)
@given(hostile, hostile, hostile)
def test_reading_the_boxes_never_raises(day, month, year):
    date, problem = read_date({"day": day, "month": month, "year": year})
    assert (date is None) or (problem is None)


def test_an_action_is_added_with_a_due_date_in_three_boxes(signed_in, recommendation):
    url = reverse("action-create", args=[recommendation.pk])
    data = {"action-description": "Audit", "action-owner": "SPO"}
    data |= boxes(NEXT_MONTH.day, NEXT_MONTH.month, NEXT_MONTH.year, name="action-due_date")
    response = signed_in.post(url, data)
    assert response.status_code == 303
    assert recommendation.actions.get().due_date == NEXT_MONTH


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter a due date"),
        ("31", "", "2030", "Due date must include a month"),
        ("31", "4", "2030", "Due date must be a real date"),
        ("1", "1", "2000", "Due date must be today or in the future"),
        ("1", "1", "3000", "Due date must be between 2000 and 2099"),
    ],
)
def test_a_bad_due_date_gets_a_400_with_govuk_words_and_writes_nothing(
    signed_in, recommendation, day, month, year, message
):
    url = reverse("action-create", args=[recommendation.pk])
    data = {"action-description": "Audit", "action-owner": "SPO"}
    response = signed_in.post(url, data | boxes(day, month, year, name="action-due_date"))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'href="#id_action-due_date-' in content
    assert not recommendation.actions.exists()


def test_a_bad_due_date_with_htmx_comes_back_with_its_errors(signed_in, recommendation):
    url = reverse("action-create", args=[recommendation.pk])
    data = {"action-description": "Audit", "action-owner": "SPO"}
    data |= boxes("31", "", "2030", name="action-due_date")
    response = signed_in.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "Due date must include a month" in response.content.decode()
    assert not recommendation.actions.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hostile, hostile, hostile)
def test_hostile_boxes_on_the_worklist_filter_get_a_page_never_a_500(
    signed_in, kirklees, day, month, year
):
    response = signed_in.get(
        reverse("recommendation-list"), boxes(day, month, year, name="not_updated_since")
    )
    assert response.status_code in (200, 400)


def test_an_export_link_with_an_iso_as_at_date_gives_what_the_three_boxes_give(
    signed_in, manager, recommendation, kirklees
):
    at = datetime.datetime(2025, 4, 1, 12, tzinfo=datetime.UTC)
    factory.update(recommendation, manager, what_was_done="Started in April", at=at)
    url = reverse("inspection-export", args=[kirklees.pk, "csv"])

    def csv_as_at(params) -> str:
        response = signed_in.get(url, params)
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    by_link = csv_as_at({"as_at": "2025-03-31"})
    assert by_link == csv_as_at(boxes("31", "3", "2025", name="as_at"))
    assert "In progress" not in by_link
    assert "In progress" in csv_as_at(boxes("1", "4", "2025", name="as_at"))


def test_a_status_page_link_with_an_iso_as_at_date_fills_the_boxes(signed_in, kirklees):
    response = signed_in.get(
        reverse("inspection-status", args=[kirklees.pk]), {"as_at": "2025-03-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="as_at-day"[^>]*value="31"', html)
    assert re.search(r'<input[^>]*name="as_at-month"[^>]*value="3"', html)
