"""Forms for recording progress. They only clean data: the workflow lives in `rules`.

Modules by page: `updates` (a progress update, a lead's verification), `plan` (the action
plan and actions), `evidence` (attached files), `fields` (what they share). Every public
name is here, so that `from recommendations.forms import X` keeps working.
"""

from .evidence import ACCEPTED, EVIDENCE_TYPES, EvidenceField, EvidenceInput, check_evidence_file
from .fields import TEXT_LIMIT, YES_NO
from .plan import (
    ActionForm,
    ActionStatusForm,
    EditActionForm,
    MoveDueDateForm,
    OwnerMixin,
    PersonChoiceField,
    PlanForm,
)
from .updates import (
    IMPROVEMENT_HINT,
    JUDGEMENT_HINTS,
    UNCHANGED_HINT,
    HintedRadioSelect,
    ProgressUpdateForm,
    VerifyForm,
    position_initial,
)

__all__ = [
    "ACCEPTED",
    "EVIDENCE_TYPES",
    "IMPROVEMENT_HINT",
    "JUDGEMENT_HINTS",
    "TEXT_LIMIT",
    "UNCHANGED_HINT",
    "YES_NO",
    "ActionForm",
    "ActionStatusForm",
    "EditActionForm",
    "EvidenceField",
    "EvidenceInput",
    "HintedRadioSelect",
    "MoveDueDateForm",
    "OwnerMixin",
    "PersonChoiceField",
    "PlanForm",
    "ProgressUpdateForm",
    "VerifyForm",
    "check_evidence_file",
    "position_initial",
]
