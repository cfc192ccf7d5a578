import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from recommendations.models import Measurement, Unit

from .indicators import percent_of

ACTION_PLAN = "action-plan"
PREVIOUS_RECOMMENDATIONS = "previous-recommendations"
LAYOUTS = [
    (ACTION_PLAN, "HMPPS action plan"),
    (PREVIOUS_RECOMMENDATIONS, "HMIP progress on previous recommendations"),
]


class AsAtForm(forms.Form):
    """The "as at" date of a status page or export: today unless the user picks another."""

    as_at = forms.DateField(
        label="As at",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example, 2025-03-31. Leave empty for today.",
        error_messages={"invalid": "Enter the date as at which to show progress, like 2025-03-31"},
    )

    def __init__(self, *args, earliest: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_as_at(self) -> datetime.date:
        today = timezone.localdate()
        day = self.cleaned_data["as_at"] or today
        if day > today:
            raise forms.ValidationError("The date must be today or in the past")
        if self.earliest and day < self.earliest:
            raise forms.ValidationError(
                f"The date must be on or after {self.earliest.day} {self.earliest:%B %Y}, "
                "when the report was published"
            )
        return day


class ExportForm(AsAtForm):
    layout = forms.ChoiceField(
        label="Layout",
        choices=LAYOUTS,
        required=False,
        error_messages={
            "invalid_choice": "Choose the layout: action-plan or previous-recommendations"
        },
    )

    def clean_layout(self) -> str:
        return self.cleaned_data["layout"] or ACTION_PLAN


class MeasurementForm(forms.ModelForm):
    """A measurement of an indicator: a value, or n of N cases from which the value follows."""

    class Meta:
        model = Measurement
        fields = ["date", "value", "cases", "total", "source"]
        labels = {
            "date": "Date measured",
            "value": "Value",
            "cases": "Cases meeting the standard (n)",
            "total": "Cases in the sample (N)",
            "source": "Source",
        }
        help_texts = {
            "date": "For example, 2025-03-31",
            "value": "A number, such as 118 for 118% of capacity. Leave empty for a case sample.",
            "cases": "For a case audit: how many of the sample met the standard",
            "total": "For a case audit: how many cases were looked at",
            "source": "Where the figure comes from, for example the March 2025 case audit",
        }
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "date": {
                "required": "Enter the date the measurement was taken",
                "invalid": "Enter the date like 2025-03-31",
            },
            "value": {"invalid": "Enter the value as a number, like 118 or 57.5"},
            "cases": {"invalid": "Enter the number of cases as a whole number"},
            "total": {"invalid": "Enter the number of cases as a whole number"},
        }

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["date"].input_formats = ["%Y-%m-%d"]
        self.fields["value"].required = False
        self.fields["value"].widget.attrs["class"] = "govuk-input--width-5"
        self.fields["cases"].widget.attrs["class"] = "govuk-input--width-4"
        self.fields["total"].widget.attrs["class"] = "govuk-input--width-4"
        if indicator.unit == Unit.CASES:
            self.fields["value"].widget = forms.HiddenInput()

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        if day < datetime.date(2000, 1, 1):
            raise forms.ValidationError("The date must be in 2000 or later")
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
