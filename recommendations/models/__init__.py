"""What a PDU does about an inspection's recommendations.

Progress updates are the history: append-only, never edited. The position held on a
recommendation (status, RAG, judgement) is a copy of its latest update's, written in
the same transaction as the update, so that lists can filter and count on it; the
position "as at" any date is computed from the updates alone (`recommendations.rules`).

The models live in modules by what they are about; every public name is here, so that
`from recommendations.models import X` keeps working.
"""

from inspections.models import Categorisation

from .actions import Action, ActionStatus, DueDateChange
from .audit import AppendOnlyError, AuditedFieldError, AuditedFields, owner_name
from .indicators import Direction, Indicator, Measurement, Unit
from .plan import PlanChange, PlanField, PlanUpload
from .recommendation import RAG, Recommendation, Response, Status
from .updates import Evidence, ProgressUpdate, UpdateKind, evidence_path

__all__ = [
    "RAG",
    "Action",
    "ActionStatus",
    "AppendOnlyError",
    "AuditedFieldError",
    "AuditedFields",
    "Categorisation",
    "Direction",
    "DueDateChange",
    "Evidence",
    "Indicator",
    "Measurement",
    "PlanChange",
    "PlanField",
    "PlanUpload",
    "ProgressUpdate",
    "Recommendation",
    "Response",
    "Status",
    "Unit",
    "UpdateKind",
    "evidence_path",
    "owner_name",
]
