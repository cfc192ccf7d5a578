"""The field builders the recommendation forms share, so that every form words its errors alike."""

from django import forms

from kirklees_tracker.dates import DateField

TEXT_LIMIT = 5000

YES_NO = [("yes", "Yes"), ("no", "No")]


def text_field(
    label: str, *, required_message: str = "", help_text: str = "", rows: int = 4
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


def radio_field(
    label: str, choices, *, required_message: str, coerce=str, required=True, help_text=""
) -> forms.ChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        required=required,
        empty_value=None if not required else "",
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message} from the options given",
        },
    )


def is_yes(value: str) -> bool:
    return value == "yes"


def date_field(label: str, **kwargs) -> DateField:
    """A GOV.UK date input; its field checks it is a real date between 2000 and 2099."""
    return DateField(label=label, **kwargs)
