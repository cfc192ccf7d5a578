"""Forms for recording progress. They only clean data: the workflow lives in `rules`."""

import datetime
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from inspections.models import Categorisation

from .models import RAG, ActionStatus, Status
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


def _radios(label: str, choices, *, required_message: str, coerce=str) -> forms.ChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": f"{required_message} from the options given",
        },
    )


def _yes(value: str) -> bool:
    return value == "yes"


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


class EvidenceField(forms.FileField):
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
        upload = super().clean(data, initial)
        if not upload:
            return None
        return check_evidence_file(upload)


class ProgressUpdateForm(forms.Form):
    """A manager's progress update; the status choices are the workflow's next steps."""

    prefix = "update"

    what_was_done = _text("What was done", required_message="Enter what was done")
    impact = _text("What difference it made")
    status = _radios("Status", [], required_message="Select the status")
    rag = _radios("RAG rating", RAG.choices, required_message="Select the RAG rating")
    progress = _radios(
        "Progress judgement",
        Categorisation.choices,
        required_message="Select the progress judgement",
    )
    improvement_still_required = _radios(
        "Is improvement still required?",
        YES_NO,
        coerce=_yes,
        required_message="Select whether improvement is still required",
    )
    reason = _text(
        "Reason for moving the status back",
        help_text="Only needed if you are moving the recommendation back to an earlier status",
        rows=3,
    )
    evidence = EvidenceField(label="Evidence")

    def __init__(self, *args, current_status: str, may_verify: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.may_verify = may_verify
        self.fields["status"].choices = [
            (status, Status(status).label)
            for status in allowed_statuses(current_status, may_verify=may_verify)
        ]

    def clean(self):
        data = super().clean()
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

    def what_was_done(self) -> str:
        comments = self.cleaned_data["comments"].strip()
        if self.cleaned_data["decision"] == self.VERIFY:
            return comments or "Verified by the regional lead."
        return comments or "Sent back by the regional lead."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: str, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a real date, like 2025-03-31",
        },
        **kwargs,
    )


EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


def _check_date_in_range(value: datetime.date, label: str) -> datetime.date:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            f"The {label} must be between {EARLIEST.year} and {LATEST.year}"
        )
    return value


class ActionForm(forms.Form):
    prefix = "action"

    description = _text("Action", required_message="Enter the action", rows=3)
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="A name or a role, for example Senior Probation Officer",
        error_messages={
            "required": "Enter the owner",
            "max_length": "The owner must be 200 characters or fewer",
        },
    )
    due_date = _date("Due date")

    def clean_due_date(self):
        return _check_date_in_range(self.cleaned_data["due_date"], "due date")


class MoveDueDateForm(forms.Form):
    new_due_date = _date("New due date")
    reason = _text(
        "Reason for the change", required_message="Enter the reason for the change", rows=3
    )

    def __init__(self, *args, current_due_date: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due_date = current_due_date

    def clean_new_due_date(self):
        value = _check_date_in_range(self.cleaned_data["new_due_date"], "new due date")
        if value == self.current_due_date:
            raise forms.ValidationError("The new due date must differ from the current one")
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
