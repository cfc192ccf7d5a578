"""Dates as the GOV.UK Design System asks people to enter them: Day, Month and Year boxes.

`DateField` renders a GOV.UK date input (`<name>-day`, `<name>-month`, `<name>-year`) and answers
in GOV.UK's words: "Enter a due date", "Due date must include a month", "Due date must be a real
date", "Due date must be between 2000 and 2099". When none of the three boxes is sent it reads a
single ISO value instead (`<name>=2025-03-31`), so that links, bookmarks and exports' URLs keep
working.

The boxes highlighted follow GOV.UK's guidance: the box that is missing or cannot be right, or the
whole date when the problem is with the date as a whole (in the past when it must be in the
future, say).
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
LABELS = {"day": "Day", "month": "Month", "year": "Year"}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
EXAMPLE_HINT = "For example, 31 3 2025"

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
NUMBER = re.compile(r"^\d{1,2}$", re.ASCII)
YEAR = re.compile(r"^\d{4}$", re.ASCII)
# GOV.UK: people copy dates from letters and documents, so accept a month's name as well as
# its number.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Problem:
    """Why a date could not be read; `parts` are the boxes at fault (none: the date as a whole)."""

    code: str  # incomplete, invalid, year_length or out_of_range
    parts: tuple[str, ...] = ()


def _month(text: str) -> int | None:
    if NUMBER.match(text):
        return int(text)
    return MONTHS.get(text.lower().rstrip("."))


def iso_parts(text: str) -> dict | None:
    """The three boxes of an ISO date (`2025-03-31`), whether or not it is a real date."""
    match = ISO.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return {"day": day, "month": month, "year": year}


def read_date(value, *, earliest_year: int = EARLIEST_YEAR, latest_year: int = LATEST_YEAR):
    """Read the widget's value: a dict of the three boxes, an ISO string, a date, or nothing.

    Returns `(date or None, Problem or None)`; `(None, None)` means nothing was entered.
    """
    if value is None or isinstance(value, datetime.date):
        return value, None
    if isinstance(value, str):
        if not value.strip():
            return None, None
        value = iso_parts(value)
        if value is None:
            return None, Problem("invalid")
    parts = {part: str(value.get(part) or "").strip() for part in PARTS}
    if not any(parts.values()):
        return None, None
    missing = tuple(part for part in PARTS if not parts[part])
    if missing:
        return None, Problem("incomplete", missing)
    day = int(parts["day"]) if NUMBER.match(parts["day"]) else None
    month = _month(parts["month"])
    wrong = tuple(
        part
        for part, ok in (
            ("day", day is not None and 1 <= day <= 31),
            ("month", month is not None and 1 <= month <= 12),
            ("year", YEAR.match(parts["year"]) or NUMBER.match(parts["year"])),
        )
        if not ok
    )
    if wrong:
        # GOV.UK: highlight the box that cannot be right, or the whole date if several are.
        return None, Problem("invalid", wrong if len(wrong) == 1 else ())
    if not YEAR.match(parts["year"]):
        return None, Problem("year_length", ("year",))
    year = int(parts["year"])
    try:
        date = datetime.date(year, month, day)
    except ValueError:  # 31 April, 29 February 2025
        return None, Problem("invalid", ("day",))
    if not earliest_year <= year <= latest_year:
        return None, Problem("out_of_range", ("year",))
    return date, None


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: Day, Month and Year boxes (inputmode numeric), `govuk-date-input`."""

    template_name = "govuk/widgets/date_input.html"
    # The years the field accepts, so that the boxes highlighted agree with its message.
    year_range = (EARLIEST_YEAR, LATEST_YEAR)

    def __init__(self, attrs=None):
        widths = {"day": 2, "month": 2, "year": 4}
        super().__init__(
            {
                part: forms.TextInput(
                    attrs={
                        "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                        "inputmode": "numeric",
                    }
                )
                for part, width in widths.items()
            },
            attrs,
        )
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value):
        if isinstance(value, dict):
            return [str(value.get(part) or "") for part in PARTS]
        if isinstance(value, str):
            # A link's date, not what someone typed: shown as GOV.UK writes one (2, not 02).
            value = iso_parts(value) or {}
            return [value.get(part, "").lstrip("0") or value.get(part, "") for part in PARTS]
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def parts_in_error(self, value) -> tuple[str, ...]:
        """The boxes to highlight when the field has an error: those at fault, or all three."""
        earliest, latest = self.year_range
        __, problem = read_date(value, earliest_year=earliest, latest_year=latest)
        return (problem and problem.parts) or PARTS

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        has_error = attrs.pop("aria-invalid", None) == "true"
        attrs.pop("class", None)  # each box has its own GOV.UK classes
        in_error = self.parts_in_error(value) if has_error else ()
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            if "id" in context["widget"]["attrs"]:
                sub_attrs["id"] = f"{context['widget']['attrs']['id']}-{part}"
            if part in in_error:
                sub_attrs["class"] = f"{sub_attrs['class']} govuk-input--error"
                sub_attrs["aria-invalid"] = "true"
            subwidget["label"] = LABELS[part]
        return context

    def value_from_datadict(self, data, files, name):
        parts = {part: data.get(f"{name}-{part}") for part in PARTS}
        if all(value is None for value in parts.values()):
            return data.get(name)
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}-{part}" not in data for part in PARTS)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else ""


class DateField(forms.Field):
    """A date entered in GOV.UK's Day, Month and Year boxes (or as one ISO value, for links).

    `name`: what the messages call the date, as it would start a sentence ("Due date"); the label
    by default.
    `error_messages` may replace any message; each may use %(name)s, %(a_name)s (with "a" or "an"),
    %(lower_name)s, %(missing)s, %(earliest)s and %(latest)s.
    """

    widget = DateInput
    default_error_messages = {
        "required": "Enter %(a_name)s",
        "incomplete": "%(name)s must include %(missing)s",
        "invalid": "%(name)s must be a real date",
        "year_length": "%(name)s year must include 4 numbers",
        "out_of_range": "%(name)s must be between %(earliest)s and %(latest)s",
        # For forms' own rules, through `error()`:
        "today_or_future": "%(name)s must be today or in the future",
        "today_or_past": "%(name)s must be today or in the past",
        "same_or_after": "%(name)s must be the same as or after %(date)s",
    }

    def __init__(
        self,
        *,
        name: str = "",
        earliest_year: int = EARLIEST_YEAR,
        latest_year: int = LATEST_YEAR,
        **kwargs,
    ):
        kwargs.setdefault("help_text", EXAMPLE_HINT)
        super().__init__(**kwargs)
        self.date_name = name
        self.earliest_year, self.latest_year = earliest_year, latest_year
        self.widget.year_range = (earliest_year, latest_year)

    def message_params(self, **extra) -> dict:
        name = (self.date_name or str(self.label or "Date")).strip()
        lower = name[0].lower() + name[1:]
        article = "an" if lower[0] in "aeiou" else "a"
        return {
            "name": name[0].upper() + name[1:],
            "lower_name": lower,
            "a_name": f"{article} {lower}",
            "earliest": self.earliest_year,
            "latest": self.latest_year,
        } | extra

    def error(self, code: str, **extra) -> ValidationError:
        """A ValidationError in this field's words, for forms' own rules about the date."""
        message = self.error_messages.get(code, code)
        return ValidationError(message, code=code, params=self.message_params(**extra))

    def to_python(self, value):
        if not isinstance(value, (str, dict, datetime.date)):
            value = None
        date, problem = read_date(
            value, earliest_year=self.earliest_year, latest_year=self.latest_year
        )
        if problem is None:
            return date
        missing = " and ".join(problem.parts)
        raise self.error(problem.code, missing=f"a {missing}")

    def validate(self, value):
        if value is None and self.required:
            raise self.error("required")
