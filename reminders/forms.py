from django import forms

from .models import EmailKind

CHOICES = [
    (EmailKind.ACTIONS.value, "Reminders of my actions that are due within 7 days or overdue"),
    (
        EmailKind.AWAITING_VERIFICATION.value,
        "Recommendations awaiting my verification for more than 5 working days "
        "(for regional leads)",
    ),
    (
        EmailKind.WEEKLY_DIGEST.value,
        "A weekly digest, on Mondays, of what changed in my PDUs or region",
    ),
]


class EmailChoicesForm(forms.Form):
    emails = forms.MultipleChoiceField(
        label="Which e-mails do you want to get?",
        help_text="Select all that apply. Clear them all to get no e-mails.",
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select only the e-mails listed"},
    )
