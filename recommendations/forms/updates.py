"""The progress update a manager records, and a regional lead's verification or send-back."""

from django import forms

from inspections.models import Categorisation
from kirklees_tracker.forms import DrawnOnce

from ..models import RAG, Status, UpdateKind
from ..rules import TransitionRefused, allowed_statuses, check_transition, is_reopening
from .evidence import EvidenceField
from .fields import YES_NO, is_yes, radio_field, text_field


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
        "judgement": recommendation.judgement,
        "improvement_still_required": ""
        if improvement is None
        else ("yes" if improvement else "no"),
    }


# The inspectorate's own words, from its "Progress on previous recommendations" table and the
# guidance it gives inspectors for it.
JUDGEMENT_HINTS = {
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


class ProgressUpdateForm(DrawnOnce, forms.Form):
    """A manager's progress update; the status choices are the workflow's next steps.

    Only "what was done" is required: the position (status, RAG, progress judgement,
    improvement still required) opens on the current one, and stays as it is if left.
    """

    prefix = "update"

    what_was_done = text_field(
        "What was done",
        required_message="Enter what was done",
        help_text="Briefly describe the action taken and its impact",
    )
    impact = text_field("What difference it made")
    status = radio_field(
        "Status", [], required_message="Select the status", required=False, help_text=UNCHANGED_HINT
    )
    rag = radio_field(
        "RAG rating",
        RAG.choices,
        required_message="Select the RAG rating",
        required=False,
        help_text=UNCHANGED_HINT,
    )
    judgement = radio_field(
        "Progress judgement",
        Categorisation.choices,
        required_message="Select the progress judgement",
        required=False,
        help_text="The inspectorate's scale: Sufficient progress, Some progress or No progress",
    )
    improvement_still_required = radio_field(
        "Is improvement still required?",
        YES_NO,
        coerce=is_yes,
        required_message="Select whether improvement is still required",
        required=False,
        help_text=IMPROVEMENT_HINT,
    )
    reason = text_field(
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
        self.fields["judgement"].widget = HintedRadioSelect(hints=JUDGEMENT_HINTS)
        self.fields["judgement"].widget.choices = self.fields["judgement"].choices
        for name in ("status", "rag", "judgement", "improvement_still_required"):
            # Not "(optional)": each opens on the current position, which stays if left.
            self.fields[name].show_optional = False

    def drawing_key(self) -> tuple:
        return (self.current_status, self.may_verify, tuple(sorted(self.initial.items())))

    def clean(self):
        data = super().clean()
        # A position left blank stays as it is.
        for name in ("status", "rag", "judgement", "improvement_still_required"):
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
            "judgement": data["judgement"],
            "improvement_still_required": data["improvement_still_required"],
            "reason": data["reason"],
            "evidence": [data["evidence"]] if data.get("evidence") else [],
        }


class VerifyForm(DrawnOnce, forms.Form):
    """A regional lead's sign-off of a recommendation the PDU says is complete."""

    prefix = "verify"

    VERIFY, SEND_BACK = "verify", "send_back"

    decision = radio_field(
        "Your decision",
        [(VERIFY, "Verify: the recommendation is complete"), (SEND_BACK, "Send it back")],
        required_message="Select whether to verify the recommendation or send it back",
    )
    comments = text_field("Comments", rows=3)
    reason = text_field(
        "Reason for sending it back",
        help_text="Only needed if you are sending it back",
        rows=3,
    )

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status

    def drawing_key(self) -> tuple | None:
        return None if self.initial else (self.current_status,)

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
