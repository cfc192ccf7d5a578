"""What an export holds: a section per inspection, a row per recommendation.

Plain data, read by `reporting.export_data.queries` and written out by `reporting.exports`.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from inspections.models import Inspection, Rating
from inspections.rules import key_question_bands, rating_in_bands
from recommendations.labels import NOT_RATED, judgement_label, yes_no
from recommendations.loop import JudgementsBeside
from recommendations.models import ActionStatus, Recommendation, UpdateKind
from recommendations.plan import Plan
from recommendations.rules import Position
from reporting.indicators import IndicatorSummary
from reporting.status_over_time import RAGS, STATUSES, rag_label, status_label

# How many of a recommendation's own latest updates an export quotes.
LATEST_UPDATES = 3


@dataclass
class ActionAsAt:
    description: str
    owner: str
    due_date: datetime.date
    status: str

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label

    def is_overdue(self, as_at: datetime.date) -> bool:
        return self.status != ActionStatus.COMPLETE and self.due_date < as_at


@dataclass
class UpdateText:
    created_at: datetime.datetime
    author: str
    what_was_done: str
    impact: str
    status: str
    kind: str = UpdateKind.UPDATE
    reason: str = ""

    @property
    def decision(self) -> str:
        """A lead's decision as it reads everywhere: "Verified by NAME: comment"."""
        label = UpdateKind(self.kind).label
        words = self.reason if self.kind == UpdateKind.SENT_BACK else self.what_was_done
        return f"{label} by {self.author}" + (f": {words}" if words else "")


@dataclass
class Row:
    recommendation: Recommendation
    position: Position
    actions: list[ActionAsAt]
    updates: list[UpdateText]  # the PDU's own, newest first, at most LATEST_UPDATES
    indicators: list[IndicatorSummary]
    plan: Plan = field(default_factory=Plan)
    decision: UpdateText | None = None  # the latest verification or send-back
    # In HMIP's layout: a later inspection's review of it, beside the PDU's own judgement.
    later: JudgementsBeside | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.position.status)

    @property
    def rag_label(self) -> str:
        return rag_label(self.position.rag)

    @property
    def judgement_label(self) -> str:
        return judgement_label(self.position.judgement)

    @property
    def improvement_label(self) -> str:
        return yes_no(self.position.improvement_still_required)

    @property
    def response_label(self) -> str:
        return self.plan.response_label

    @property
    def decision_text(self) -> str:
        return self.decision.decision if self.decision else ""


@dataclass
class Section:
    """One inspection of one PDU, with the rows of its recommendations in the export."""

    inspection: Inspection
    rows: list[Row]
    as_at: datetime.date

    @property
    def pdu(self) -> str:
        return self.inspection.pdu.name

    @property
    def by_status(self) -> list[tuple[str, int]]:
        counts = Counter(row.position.status for row in self.rows)
        return [(status_label(s), counts[s]) for s in STATUSES]

    @property
    def by_rag(self) -> list[tuple[str, int]]:
        counts = Counter(row.position.rag for row in self.rows)
        return [(rag_label(r), counts[r]) for r in RAGS]

    @property
    def overdue_actions(self) -> int:
        return sum(a.is_overdue(self.as_at) for row in self.rows for a in row.actions)

    @property
    def rating_label(self) -> str:
        rating = self.inspection.overall_rating
        return Rating(rating).label if rating else NOT_RATED

    def key_question_band(self, percent: int) -> str:
        framework = self.inspection.framework
        if framework is None:
            return ""
        rating = rating_in_bands(percent, key_question_bands(framework))
        return Rating(rating).label if rating else ""
