import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from kirklees_tracker.dates import DateField
from recommendations.models import Measurement, Unit

from .indicators import percent_of
from .status_over_time import DATE_RANGE, LAST_13_WEEKS, SINCE_PUBLICATION

ACTION_PLAN = "action-plan"
PREVIOUS_RECOMMENDATIONS = "previous-recommendations"
LAYOUTS = [
    (ACTION_PLAN, "HMPPS action plan"),
    (PREVIOUS_RECOMMENDATIONS, "HMIP progress on previous recommendations"),
]


def _date_field(label: str, *, name: str, help_text: str) -> DateField:
    """An optional date a person types in (the status pages' and exports' dates), in GOV.UK's
    Day, Month and Year boxes; `name` is what its messages call it."""
    return DateField(label=label, name=name, required=False, help_text=help_text)


class AsAtForm(forms.Form):
    """The "as at" date of a status page or export: today unless the user picks another."""

    as_at = _date_field(
        "As at", name="As at date", help_text="For example, 31 3 2025. Leave empty for today."
    )

    def __init__(self, *args, earliest: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_as_at(self) -> datetime.date:
        today = timezone.localdate()
        day = self.cleaned_data["as_at"] or today
        if day > today:
            raise self.fields["as_at"].error("today_or_past")
        if self.earliest and day < self.earliest:
            raise self.fields["as_at"].error(
                "same_or_after",
                date=f"{self.earliest.day} {self.earliest:%B %Y}, when the report was published",
            )
        return day


PERIODS = [
    (LAST_13_WEEKS, "The last 13 weeks"),
    (SINCE_PUBLICATION, "Since the report was published"),
    (DATE_RANGE, "From a date"),
]


class StatusForm(AsAtForm):
    """Which weeks a status page shows, up to its "as at" date: the last 13 unless chosen."""

    period = forms.ChoiceField(
        label="Weeks to show",
        choices=PERIODS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose which weeks to show"},
    )
    start = _date_field(
        "From", name="From date", help_text="If you chose 'From a date': for example, 6 1 2025"
    )
    field_order = ["period", "start", "as_at"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("period"):
            # The radios show the period the page shows, the default one included.
            data = data.copy()
            data["period"] = LAST_13_WEEKS
        super().__init__(data, *args, **kwargs)
        self.fields["period"].show_optional = False
        self.fields["start"].show_optional = False

    def clean_period(self) -> str:
        return self.cleaned_data["period"] or LAST_13_WEEKS

    def clean(self):
        data = super().clean()
        if self.errors or data["period"] != DATE_RANGE:
            data["start"] = None
            return data
        start = data["start"]
        if start is None:
            self.add_error("start", "Enter the date to show progress from")
        elif start > data["as_at"]:
            self.add_error(
                "start", "The date to show progress from must be on or before the as at date"
            )
        elif self.earliest and start < self.earliest:
            self.add_error(
                "start",
                f"The date to show progress from must be on or after {self.earliest.day} "
                f"{self.earliest:%B %Y}, when the report was published",
            )
        return data


class ExportForm(AsAtForm):
    layout = forms.ChoiceField(
        label="Layout",
        choices=LAYOUTS,
        required=False,
        error_messages={
            "invalid_choice": f"Choose the layout: {ACTION_PLAN} or {PREVIOUS_RECOMMENDATIONS}"
        },
    )

    def clean_layout(self) -> str:
        return self.cleaned_data["layout"] or ACTION_PLAN


# The value's label, the suffix shown after its box (GOV.UK's input suffix: the label says the
# unit too, as the suffix is hidden from screen readers) and its hint, by the indicator's unit.
VALUE_FIELDS = {
    Unit.PERCENT: ("Value, as a percentage", "%", "For example, 25 for 25%"),
    Unit.PERCENT_OF_CAPACITY: (
        "Workload, as a percentage of WMT capacity",
        "%",
        "For example, 118 for 118% of capacity",
    ),
    Unit.NUMBER: ("Value", None, "A number, for example 12"),
}


class MeasurementForm(forms.ModelForm):
    """A measurement of an indicator: a value, or n of N cases from which the value follows."""

    date = DateField(
        label="Date measured",
        error_messages={"required": "Enter the date the measurement was taken"},
    )

    class Meta:
        model = Measurement
        fields = ["date", "value", "cases", "total", "source"]
        labels = {
            "value": "Value",
            "cases": "Cases meeting the standard (n)",
            "total": "Cases in the sample (N)",
            "source": "Source",
        }
        help_texts = {
            "value": "A number, such as 118 for 118% of capacity. Leave empty for a case sample.",
            "cases": "For a case audit: how many of the sample met the standard",
            "total": "For a case audit: how many cases were looked at",
            "source": "Where the figure comes from, for example the March 2025 case audit",
        }
        error_messages = {
            "value": {"invalid": "Enter the value as a number, like 118 or 57.5"},
            "cases": {"invalid": "Enter the number of cases as a whole number"},
            "total": {"invalid": "Enter the number of cases as a whole number"},
        }

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].required = False
        self.fields["value"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["cases"].widget.attrs["class"] = "govuk-input--width-4"
        self.fields["total"].widget.attrs["class"] = "govuk-input--width-4"
        if indicator.unit == Unit.CASES:
            self.fields["value"].widget = forms.HiddenInput()
        else:
            label, suffix, help_text = VALUE_FIELDS[indicator.unit]
            self.fields["value"].label = label
            self.fields["value"].suffix = suffix
            self.fields["value"].help_text = help_text
        if not self.takes_a_case_sample:
            # A vacancy rate or a workload is not counted from a sample of cases, so the value is
            # the only way to give it: not optional, whatever the model says.
            del self.fields["cases"]
            del self.fields["total"]
            self.fields["value"].show_optional = False
        elif indicator.unit == Unit.CASES:
            self.fields["cases"].show_optional = False
            self.fields["total"].show_optional = False

    @property
    def takes_a_case_sample(self) -> bool:
        """Cases (n of N), and a key question's % Yes, which a case audit measures too."""
        unit = self.indicator.unit
        return unit == Unit.CASES or (unit == Unit.PERCENT and self.indicator.key_question_id)

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise self.fields["date"].error("today_or_past")
        return day

    def clean_value(self) -> Decimal | None:
        value = self.cleaned_data.get("value")
        if value is not None and value < 0:
            raise forms.ValidationError("The value cannot be negative")
        if value is not None and self.indicator.unit == Unit.PERCENT and value > 100:
            raise forms.ValidationError("A percentage cannot be more than 100")
        return value

    def clean(self):
        data = super().clean()
        cases, total = data.get("cases"), data.get("total")
        if self.errors:
            return data
        if cases is not None or total is not None or self.indicator.unit == Unit.CASES:
            if cases is None:
                self.add_error("cases", "Enter how many cases met the standard")
            if not total:
                self.add_error("total", "Enter how many cases were in the sample (more than 0)")
            if cases is not None and total and cases > total:
                self.add_error(
                    "cases", "The cases meeting the standard cannot be more than the sample"
                )
            if not self.errors:
                data["value"] = percent_of(cases, total)
        elif data.get("value") is None:
            self.add_error("value", "Enter the value measured")
        return data
