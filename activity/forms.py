"""The activity feed's filters: a GET form that only cleans what it is given."""

import datetime

from django import forms
from django.utils import timezone

from inspections.access import visible_pdus
from kirklees_tracker.choices import ModelChoiceField
from kirklees_tracker.dates import DateField

from .feed import KINDS

DEFAULT_DAYS = 7


def default_since(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=DEFAULT_DAYS)


class ActivityFilterForm(forms.Form):
    """Bind it to `request.GET`; a blank "since" means a week ago."""

    pdu = ModelChoiceField(
        label="PDU",
        queryset=None,
        required=False,
        empty_label="All PDUs",
        error_messages={"invalid_choice": "Select a PDU from the list"},
    )
    kind = forms.MultipleChoiceField(
        label="Kind of event",
        choices=list(KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to see every kind",
        error_messages={"invalid_choice": "Select kinds of event from the list"},
    )
    since = DateField(
        label="Since",
        name="Since date",
        required=False,
        help_text="Events on or after this day, for example 31 3 2025. A week ago if left blank",
    )

    def __init__(self, data=None, *, user, today: datetime.date | None = None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.fields["pdu"].queryset = visible_pdus(user).order_by("name")

    def clean_since(self) -> datetime.date:
        since = self.cleaned_data.get("since")
        if since is None:
            return default_since(self.today)
        if since > self.today:
            raise self.fields["since"].error("today_or_past")
        return since

    def feed_filters(self) -> dict:
        """The cleaned filters as `events_for` takes them."""
        data = self.cleaned_data
        return {"since": data["since"], "pdu": data["pdu"], "kinds": data["kind"] or None}
