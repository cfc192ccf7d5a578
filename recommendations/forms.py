"""Forms for recording progress. They only clean data: the workflow lives in `rules`."""

import datetime
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from inspections.models import Categorisation
from kirklees_tracker.dates import DateField

from .models import RAG, ActionStatus, Response, Status, UpdateKind
from .rules import TransitionRefused, allowed_statuses, check_transition, is_reopening

TEXT_LIMIT = 5000

YES_NO = [("yes", "Yes"), ("no", "No")]

# Extension -> (content type served back, the magic numbers its first bytes may start with).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (OLE2,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xls": ("application/vnd.ms-excel", (OLE2,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
}
ACCEPTED = "PDF, Word (.doc, .docx), Excel (.xls, .xlsx) or an image (.png, .jpg, .gif)"


def _text(
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


def _radios(
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


def _yes(value: str) -> bool:
    return value == "yes"


def _position_value(name: str, value):
    """A position's stored value as the form's cleaned data holds it."""
    if name == "improvement_still_required":
        return None if value in ("", None) else value in (True, "yes")
    return value or ""


def position_initial(recommendation) -> dict:
    """The recommendation's current position as the update form's values."""
    improvement = recommendation.improvement_still_required
    return {
        "status": recommendation.status,
        "rag": recommendation.rag,
        "progress": recommendation.progress,
        "improvement_still_required": ""
        if improvement is None
        else ("yes" if improvement else "no"),
    }


def check_evidence_file(upload: UploadedFile) -> dict:
    """Check an uploaded file's size, extension and first bytes; return what Evidence stores.

    The content type is ours, from the extension the bytes agree with, never the browser's.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise forms.ValidationError("The selected file is empty")
    if upload.size > limit:
        raise forms.ValidationError(
            f"The selected file must be smaller than {filesizeformat(limit)}"
        )
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise forms.ValidationError(f"The selected file must be a {ACCEPTED}")
    content_type, magics = EVIDENCE_TYPES[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise forms.ValidationError(
            f"The selected file is not a real {suffix[1:].upper()} file: its contents do not "
            "match its name"
        )
    name = PurePath(upload.name).name
    if len(name) > 255:
        name = name[: 255 - len(suffix)] + suffix
    return {
        "file": upload,
        "original_name": name,
        "content_type": content_type,
        "size": upload.size,
    }


class EvidenceInput(forms.ClearableFileInput):
    """A single file input that hands every file posted under its name to the field, so that
    a second one is refused rather than dropped in silence."""

    def value_from_datadict(self, data, files, name):
        uploads = files.getlist(name) if hasattr(files, "getlist") else [files.get(name)]
        return uploads if len(uploads) > 1 else super().value_from_datadict(data, files, name)


class EvidenceField(forms.FileField):
    widget = EvidenceInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", f"{ACCEPTED}, up to {filesizeformat(settings.EVIDENCE_MAX_BYTES)}"
        )
        super().__init__(
            max_length=None,
            allow_empty_file=True,  # we say "empty" ourselves, in our own words
            error_messages={"invalid": "The selected file could not be read"},
            **kwargs,
        )

    def clean(self, data, initial=None):
        if isinstance(data, list):
            raise forms.ValidationError(
                "Select one file only: attach each further file to an update of its own"
            )
        upload = super().clean(data, initial)
        if not upload:
            return None
        return check_evidence_file(upload)


# The inspectorate's own words, from its "Progress on previous recommendations" table and the
# guidance it gives inspectors for it.
PROGRESS_HINTS = {
    Categorisation.SUFFICIENT: "The action taken has had the impact the recommendation asked for.",
    Categorisation.SOME: "Action has been taken, but its impact is not yet enough.",
    Categorisation.NONE: "No action, or action that has made no difference yet.",
}
IMPROVEMENT_HINT = (
    "As the inspectorate asks of each previous recommendation: if yes, it would consider "
    "repeating the recommendation."
)
UNCHANGED_HINT = "Leave as it is to keep the current position"


class HintedRadioSelect(forms.RadioSelect):
    """Radios whose options may each carry a GOV.UK hint (`hints`: value -> text)."""

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        if option["hint"] and option["attrs"].get("id"):
            option["hint_id"] = f"{option['attrs']['id']}-hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class ProgressUpdateForm(forms.Form):
    """A manager's progress update; the status choices are the workflow's next steps.

    Only "what was done" is required: the position (status, RAG, progress judgement,
    improvement still required) opens on the current one, and stays as it is if left.
    """

    prefix = "update"

    what_was_done = _text(
        "What was done",
        required_message="Enter what was done",
        help_text="Briefly describe the action taken and its impact",
    )
    impact = _text("What difference it made")
    status = _radios(
        "Status", [], required_message="Select the status", required=False, help_text=UNCHANGED_HINT
    )
    rag = _radios(
        "RAG rating",
        RAG.choices,
        required_message="Select the RAG rating",
        required=False,
        help_text=UNCHANGED_HINT,
    )
    progress = _radios(
        "Progress judgement",
        Categorisation.choices,
        required_message="Select the progress judgement",
        required=False,
        help_text="The inspectorate's scale: Sufficient progress, Some progress or No progress",
    )
    improvement_still_required = _radios(
        "Is improvement still required?",
        YES_NO,
        coerce=_yes,
        required_message="Select whether improvement is still required",
        required=False,
        help_text=IMPROVEMENT_HINT,
    )
    reason = _text(
        "Reason for moving the status back",
        help_text="Only needed if you are moving the recommendation back to an earlier status",
        rows=3,
    )
    evidence = EvidenceField(label="Evidence")

    def __init__(self, *args, current_status: str, may_verify: bool, current=None, **kwargs):
        """`current`: the recommendation's position, as field values (see `position_initial`)."""
        self.current = current or {"status": current_status}
        kwargs.setdefault("initial", self.current)
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.may_verify = may_verify
        self.fields["status"].choices = [
            (status, Status(status).label)
            for status in allowed_statuses(current_status, may_verify=may_verify)
        ]
        self.fields["progress"].widget = HintedRadioSelect(hints=PROGRESS_HINTS)
        self.fields["progress"].widget.choices = self.fields["progress"].choices
        for name in ("status", "rag", "progress", "improvement_still_required"):
            # Not "(optional)": each opens on the current position, which stays if left.
            self.fields[name].show_optional = False

    def clean(self):
        data = super().clean()
        # A position left blank stays as it is.
        for name in ("status", "rag", "progress", "improvement_still_required"):
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = _position_value(name, self.current.get(name, ""))
        if self.errors and self.files.get(self.add_prefix("evidence")):
            self.add_error(
                "evidence",
                "Choose the file again: files are not kept when the form has a problem",
            )
        status = data.get("status")
        if status:
            try:
                check_transition(
                    self.current_status,
                    status,
                    may_verify=self.may_verify,
                    reason=data.get("reason", ""),
                )
            except TransitionRefused as refusal:
                self.add_transition_error(refusal)
        return data

    def add_transition_error(self, refusal: TransitionRefused) -> None:
        status = self.cleaned_data.get("status") or self.current_status
        field = "reason" if is_reopening(self.current_status, status) else "status"
        self.add_error(field, str(refusal))

    def update_fields(self) -> dict:
        """The cleaned data as `record_update` takes it."""
        data = self.cleaned_data
        return {
            "what_was_done": data["what_was_done"],
            "impact": data["impact"],
            "status": data["status"],
            "rag": data["rag"],
            "progress": data["progress"],
            "improvement_still_required": data["improvement_still_required"],
            "reason": data["reason"],
            "evidence": [data["evidence"]] if data.get("evidence") else [],
        }


class VerifyForm(forms.Form):
    """A regional lead's sign-off of a recommendation the PDU says is complete."""

    prefix = "verify"

    VERIFY, SEND_BACK = "verify", "send_back"

    decision = _radios(
        "Your decision",
        [(VERIFY, "Verify: the recommendation is complete"), (SEND_BACK, "Send it back")],
        required_message="Select whether to verify the recommendation or send it back",
    )
    comments = _text("Comments", rows=3)
    reason = _text(
        "Reason for sending it back",
        help_text="Only needed if you are sending it back",
        rows=3,
    )

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status

    def clean(self):
        data = super().clean()
        if self.current_status != Status.COMPLETE:
            raise forms.ValidationError(
                "This recommendation is not waiting to be verified: only a recommendation "
                "marked Complete can be verified or sent back"
            )
        if data.get("decision") == self.SEND_BACK and not data.get("reason", "").strip():
            self.add_error("reason", "Enter the reason for sending it back")
        return data

    @property
    def new_status(self) -> str:
        if self.cleaned_data["decision"] == self.VERIFY:
            return Status.VERIFIED
        return Status.IN_PROGRESS

    @property
    def kind(self) -> str:
        if self.cleaned_data["decision"] == self.VERIFY:
            return UpdateKind.VERIFICATION
        return UpdateKind.SENT_BACK

    def what_was_done(self) -> str:
        """The lead's comment: a decision, shown as "Verified by NAME: comment", not as work."""
        return self.cleaned_data["comments"].strip()


def _date(label: str, **kwargs) -> DateField:
    """A GOV.UK date input; its field checks it is a real date between 2000 and 2099."""
    return DateField(label=label, **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def _owner_fields(people, *, role_hint: str):
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


class ActionForm(OwnerMixin, forms.Form):
    prefix = "action"

    description = _text("Action", required_message="Enter the action", rows=3)
    due_date = _date("Due date")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"], self.fields["owner"] = _owner_fields(
            people, role_hint="For example Senior Probation Officer"
        )
        self.fields["owner_user"].show_optional = self.fields["owner"].show_optional = False
        self.order_fields(["description", "owner_user", "owner", "due_date"])

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise self.fields["due_date"].error("today_or_future")
        return value


class EditActionForm(OwnerMixin, forms.Form):
    prefix = "edit"

    description = _text("Action", required_message="Enter the action", rows=3)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"], self.fields["owner"] = _owner_fields(
            people, role_hint="For example Senior Probation Officer"
        )
        self.fields["owner_user"].show_optional = self.fields["owner"].show_optional = False


class PlanForm(OwnerMixin, forms.Form):
    """The recommendation's action plan: response, owner, target date and standards."""

    prefix = "plan"
    owner_required = False

    response = _radios(
        "HMPPS response", Response.choices, required_message="Select the HMPPS response"
    )
    response_reason = _text(
        "Reason for the response",
        help_text="Needed where the response is Partly agreed or Not agreed",
        rows=3,
    )
    target_date = _date("Target date", required=False)
    reason = _text(
        "Reason for moving the target date",
        help_text="Needed if you are changing a target date that was already set",
        rows=3,
    )
    standards = forms.ModelMultipleChoiceField(
        label="Standards addressed",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose standards of this inspection"},
    )

    def __init__(self, *args, recommendation, people, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["owner_user"], self.fields["owner"] = _owner_fields(
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
    new_due_date = _date("New due date")
    reason = _text(
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
