"""The action plan: the HMPPS response, owners, target dates, actions and their due dates."""

import datetime

from django import forms
from django.utils import timezone

from kirklees_tracker.choices import ModelChoiceField, ModelMultipleChoiceField
from kirklees_tracker.forms import DrawnOnce, choices_key

from ..models import ActionStatus, Response
from .fields import date_field, radio_field, text_field


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def owner_fields(people, *, role_hint: str):
    person = PersonChoiceField(
        label="Owner",
        queryset=people,
        required=False,
        empty_label="Someone without an account (write their role below)",
        help_text="A member of the PDU, who will see the work in their list and be reminded of it",
        error_messages={"invalid_choice": "Choose a member of this PDU as the owner"},
    )
    role = forms.CharField(
        label="Or the owner's role",
        required=False,
        max_length=200,
        help_text=role_hint,
        error_messages={"max_length": "The owner's role must be 200 characters or fewer"},
    )
    return person, role


class OwnerMixin:
    """An owner is a person of the PDU (`owner_user`) or a role written as text (`owner`)."""

    owner_required = True

    def clean(self):
        data = super().clean()
        person, role = data.get("owner_user"), (data.get("owner") or "").strip()
        if "owner_user" in self.errors or "owner" in self.errors:
            return data
        if person and role:
            self.add_error("owner", "Choose a person or write a role, not both")
        elif self.owner_required and not person and not role:
            self.add_error("owner_user", "Choose the owner, or write their role")
        return data


class ActionForm(DrawnOnce, OwnerMixin, forms.Form):
    prefix = "action"

    description = text_field("Action", required_message="Enter the action", rows=3)
    due_date = date_field("Due date")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"], self.fields["owner"] = owner_fields(
            people, role_hint="For example Senior Probation Officer"
        )
        self.fields["owner_user"].show_optional = self.fields["owner"].show_optional = False
        self.order_fields(["description", "owner_user", "owner", "due_date"])

    def drawing_key(self) -> tuple | None:
        """The people it offers as owners, by id and name; None with initial values."""
        return None if self.initial else choices_key(self)

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise self.fields["due_date"].error("today_or_future")
        return value


class EditActionForm(OwnerMixin, forms.Form):
    prefix = "edit"

    description = text_field("Action", required_message="Enter the action", rows=3)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"], self.fields["owner"] = owner_fields(
            people, role_hint="For example Senior Probation Officer"
        )
        self.fields["owner_user"].show_optional = self.fields["owner"].show_optional = False


class PlanForm(OwnerMixin, forms.Form):
    """The recommendation's action plan: response, owner, target date and standards."""

    prefix = "plan"
    owner_required = False

    response = radio_field(
        "HMPPS response", Response.choices, required_message="Select the HMPPS response"
    )
    response_reason = text_field(
        "Reason for the response",
        help_text="Needed where the response is Partly agreed or Not agreed",
        rows=3,
    )
    target_date = date_field("Target date", required=False)
    reason = text_field(
        "Reason for moving the target date",
        help_text="Needed if you are changing a target date that was already set",
        rows=3,
    )
    standards = ModelMultipleChoiceField(
        label="Standards addressed",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose standards of this inspection"},
    )

    def __init__(self, *args, recommendation, people, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["owner_user"], self.fields["owner"] = owner_fields(
            people, role_hint="For example Head of Service"
        )
        self.fields["standards"].queryset = standards
        self.order_fields(
            ["response", "response_reason", "owner_user", "owner", "target_date", "reason"]
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("response") in (Response.PARTLY_AGREED, Response.NOT_AGREED)
            and not (data.get("response_reason") or "").strip()
        ):
            self.add_error(
                "response_reason", "Enter the reason the recommendation is not fully agreed"
            )
        current = self.recommendation.target_date
        moved = current is not None and data.get("target_date") != current
        if moved and "target_date" not in self.errors and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for moving the target date")
        return data

    def plan_fields(self) -> dict:
        """The cleaned data as `change_plan` takes it."""
        data = self.cleaned_data
        return {
            "response": data["response"],
            "response_reason": data["response_reason"]
            if data["response"] != Response.AGREED
            else "",
            "owner_user": data["owner_user"],
            "owner": data["owner"],
            "target_date": data["target_date"],
            "standards": data["standards"],
            "reason": data["reason"],
        }

    def add_refusal(self, refusal) -> None:
        for name, message in refusal.errors.items():
            self.add_error(name if name in self.fields else None, message)


class MoveDueDateForm(forms.Form):
    new_due_date = date_field("New due date")
    reason = text_field(
        "Reason for the change", required_message="Enter the reason for the change", rows=3
    )

    def __init__(self, *args, current_due_date: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due_date = current_due_date

    def clean_new_due_date(self):
        value = self.cleaned_data["new_due_date"]
        if value == self.current_due_date:
            raise forms.ValidationError("New due date must be different from the current due date")
        return value


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Action status",
        choices=ActionStatus.choices,
        error_messages={
            "required": "Select the action's status",
            "invalid_choice": "Select one of the action statuses",
        },
    )
