"""What a report holds, as plain data, and the error that says why a report was refused."""

import datetime
from dataclasses import dataclass, field

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
CATEGORISATIONS = ("Sufficient progress", "Some progress", "No progress")
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH_YEAR = r"(" + "|".join(MONTHS) + r")\s+(\d{4})"

# The real reports are about 50 KB as text and 1 MB as PDF; twice that bounds the work.
MAX_REPORT_BYTES = 1024 * 1024
MAX_PDF_BYTES = 8 * 1024 * 1024
MAX_PDF_PAGES = 120
# The real reports have about 1,500 lines of text; more lines than this is not a report.
MAX_LINES = 40_000

# The longest text each stored field takes: names fit their columns, texts are generous
# multiples of the longest the inspectorate has printed.
LIMITS = {
    "PDU name": 100,
    "region": 100,
    "lead inspector": 200,
    "standard name": 100,
    "standard statement": 1000,
    "standard summary": 5000,
    "key question": 500,
    "recommendation": 2000,
    "previous recommendation": 2000,
    "action taken and impact": 5000,
}


class ReportError(Exception):
    """The report could not be read fully; `problems` says what is missing and where."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class KeyQuestionData:
    text: str
    percent_yes: int


@dataclass
class StandardData:
    code: str
    name: str
    domain: int
    rating: str
    statement: str = ""
    summary: str = ""
    key_questions: list[KeyQuestionData] = field(default_factory=list)


@dataclass
class RecommendationData:
    number: int
    text: str
    # Whom the report addresses it to: "pdu" (the PDU's own list) or "region".
    addressed_to: str = "pdu"


@dataclass
class PreviousRecommendationData:
    text: str
    action_taken_and_impact: str
    categorisation: str
    improvement_still_required: bool


@dataclass
class ReportData:
    pdu: str
    region: str
    published: datetime.date
    fieldwork_started: datetime.date | None
    overall_rating: str
    score: int
    max_score: int
    standards: list[StandardData]
    recommendations: list[RecommendationData]
    previous_recommendations: list[PreviousRecommendationData]
    previous_inspection_published: datetime.date | None = None
    previous_inspection_rating: str = ""
    lead_inspector: str = ""
    cases_inspected: int | None = None
    # The kind of file it was read from: "pdf", "html" or "text".
    source_kind: str = "text"

    @property
    def recommendations_to_pdu(self) -> int:
        return sum(1 for r in self.recommendations if r.addressed_to == "pdu")

    @property
    def recommendations_to_region(self) -> int:
        return sum(1 for r in self.recommendations if r.addressed_to == "region")

    @property
    def recommendation_counts(self) -> str:
        """Both counts, for the import's summary: "8 to the PDU and 0 to the region"."""
        return (
            f"{self.recommendations_to_pdu} to the PDU and "
            f"{self.recommendations_to_region} to the region"
        )
