"""What importing a parsed report would change, and what it must not change unasked.

`compare_report` reads the database and writes nothing: the admin's preview, the command's
`--dry-run` and `save_report` itself all call it, so the differences shown are the ones
checked. Three kinds of change are held back until someone says yes to them
(`Comparison.refusals`):

- a PDU moving to another region, which changes who may see its work and evidence;
- a recommendation's or key question's text rewritten under history: a recommendation
  with progress updates, actions or plan changes; a key question an indicator uses, or on
  an inspection whose recommendations have progress updates;
- a key question an indicator uses that the report no longer has (its standard gone, or
  fewer questions), which would otherwise fail on the indicator's protected link.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from inspections.models import (
    PDU,
    Categorisation,
    Inspection,
    KeyQuestion,
    Rating,
)
from inspections.report_parser import ReportData
from recommendations.loop import match_recommendation
from recommendations.models import Action, Indicator, PlanChange, ProgressUpdate, Recommendation

RATING_VALUES = {label: value for value, label in Rating.choices}
CATEGORISATION_VALUES = {label: value for value, label in Categorisation.choices}


# What each row takes from the report: the importer writes these values, and the comparison
# (the preview) compares them with what is stored, so the two cannot drift apart.


def inspection_values(report: ReportData) -> dict:
    return {
        "fieldwork_started": report.fieldwork_started,
        "overall_rating": RATING_VALUES[report.overall_rating],
        "score": report.score,
        "lead_inspector": report.lead_inspector,
        "cases_inspected": report.cases_inspected,
    }


def standard_values(data, order: int) -> dict:
    return {
        "name": data.name,
        "domain": data.domain,
        "statement": data.statement,
        "rating": RATING_VALUES[data.rating],
        "summary": data.summary,
        "order": order,
    }


def key_question_values(question) -> dict:
    return {"text": question.text, "percent_yes": question.percent_yes}


def review_values(data) -> dict:
    return {
        "text": data.text,
        "action_taken_and_impact": data.action_taken_and_impact,
        "categorisation": CATEGORISATION_VALUES[data.categorisation],
        "improvement_still_required": data.improvement_still_required,
    }


ALLOW_REGION_MOVE = "allow_region_move"
ALLOW_TEXT_CHANGES = "allow_text_changes"
ALLOW_DROPPING_KEY_QUESTIONS = "allow_dropping_key_questions"


@dataclass(frozen=True)
class Difference:
    where: str
    what: str
    old: str
    new: str

    def __str__(self) -> str:
        if not self.old:
            return f"{self.where}: {self.what} {self.new}".rstrip()
        if not self.new:
            return f"{self.where}: {self.what} (was {self.old})"
        return f"{self.where}: {self.what} changes from {self.old!r} to {self.new!r}"


@dataclass
class Comparison:
    """A parsed report beside what the database holds for its inspection."""

    new_inspection: bool = True
    differences: list[Difference] = field(default_factory=list)
    region_moves: list[str] = field(default_factory=list)
    texts_under_history: list[str] = field(default_factory=list)
    key_questions_in_use: list[str] = field(default_factory=list)

    def held_back(self) -> dict[str, list[str]]:
        """The changes that need a yes, by the name of the yes (the command's flag)."""
        return {
            name: problems
            for name, problems in (
                (ALLOW_REGION_MOVE, self.region_moves),
                (ALLOW_TEXT_CHANGES, self.texts_under_history),
                (ALLOW_DROPPING_KEY_QUESTIONS, self.key_questions_in_use),
            )
            if problems
        }

    def refusals(self, **allowed: bool) -> list[str]:
        """Each held-back change that `allowed` (by the names above) does not allow."""
        return [
            problem
            for name, problems in self.held_back().items()
            if not allowed.get(name)
            for problem in problems
        ]

    @property
    def warnings(self) -> list[str]:
        return [problem for problems in self.held_back().values() for problem in problems]


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return f"{value:%B %Y}"
    return str(value)


def _compare(comparison: Comparison, where: str, obj, values: dict[str, object]) -> list[str]:
    """Record each of `values` that differs from `obj`'s; return the names that do."""
    changed = []
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed.append(name)
            comparison.differences.append(
                Difference(where, name.replace("_", " "), _text(old) or "(empty)", _text(new))
            )
    return changed


def with_history(recommendations):
    """Recommendations annotated `has_history`: updates, actions or plan changes hang on them."""
    mine = {"recommendation": OuterRef("pk")}
    return recommendations.annotate(
        has_history=Exists(ProgressUpdate.objects.filter(**mine))
        | Exists(Action.objects.filter(**mine))
        | Exists(PlanChange.objects.filter(**mine))
    )


def previous_inspection_for(pdu: PDU | None, report: ReportData) -> Inspection | None:
    """The stored inspection this report's previous-recommendation table reviews, if any."""
    if pdu is None or not report.previous_recommendations:
        return None
    earlier = Inspection.objects.filter(pdu=pdu, published__lt=report.published)
    if report.previous_inspection_published:
        return earlier.filter(published=report.previous_inspection_published).first()
    return earlier.order_by("-published").first()


def compare_report(report: ReportData) -> Comparison:
    comparison = Comparison()
    pdu = PDU.objects.select_related("region").filter(name=report.pdu).first()
    if pdu is not None and pdu.region.name != report.region:
        comparison.differences.append(Difference("PDU", "region", pdu.region.name, report.region))
        comparison.region_moves.append(
            f"{pdu.name} PDU would move from {pdu.region.name} to {report.region}, which "
            "changes who may see its work and evidence."
        )
    previous = previous_inspection_for(pdu, report)
    if previous is not None and not previous.report_imported:
        _compare_reference_only(comparison, previous, report)
    inspection = (
        Inspection.objects.select_related("framework", "previous_inspection")
        .filter(pdu=pdu, published=report.published)
        .first()
        if pdu
        else None
    )
    if inspection is None:
        return comparison
    comparison.new_inspection = False
    _compare_inspection(comparison, inspection, report)
    _compare_standards(comparison, inspection, report)
    _compare_recommendations(comparison, inspection, report)
    _compare_reviews(comparison, inspection, report)
    return comparison


def _compare_inspection(comparison: Comparison, inspection: Inspection, report: ReportData):
    _compare(
        comparison,
        "Inspection",
        inspection,
        inspection_values(report),
    )
    stored_max = inspection.framework.max_score if inspection.framework else None
    if stored_max != report.max_score:
        comparison.differences.append(
            Difference("Inspection", "maximum score", _text(stored_max), str(report.max_score))
        )


def _compare_standards(comparison: Comparison, inspection: Inspection, report: ReportData):
    has_updates = ProgressUpdate.objects.filter(recommendation__inspection=inspection).exists()
    questions = KeyQuestion.objects.annotate(
        in_use=Exists(Indicator.objects.filter(key_question=OuterRef("pk")))
    )
    stored = {
        s.code: s
        for s in inspection.standards.prefetch_related(Prefetch("key_questions", questions))
    }
    for order, data in enumerate(report.standards, start=1):
        standard = stored.pop(data.code, None)
        where = f"Standard {data.code}"
        if standard is None:
            comparison.differences.append(Difference(where, "added:", "", data.name))
            continue
        _compare(
            comparison,
            where,
            standard,
            standard_values(data, order),
        )
        kept = {q.order: q for q in standard.key_questions.all()}
        for position, new in enumerate(data.key_questions, start=1):
            question = kept.pop(position, None)
            where_kq = f"{where}, key question {position}"
            if question is None:
                comparison.differences.append(Difference(where_kq, "added:", "", new.text))
                continue
            changed = _compare(
                comparison,
                where_kq,
                question,
                key_question_values(new),
            )
            if "text" in changed and (question.in_use or has_updates):
                comparison.texts_under_history.append(
                    f"{where_kq}: its text would change, and "
                    + ("an indicator uses it." if question.in_use else "progress is recorded.")
                )
        _dropped_questions(comparison, where, kept.values())
    for standard in stored.values():
        where = f"Standard {standard.code}"
        comparison.differences.append(Difference(where, "removed", standard.name, ""))
        _dropped_questions(comparison, where, standard.key_questions.all())


def _dropped_questions(comparison: Comparison, where: str, questions):
    for question in questions:
        where_kq = f"{where}, key question {question.order}"
        comparison.differences.append(Difference(where_kq, "removed", question.text, ""))
        if question.in_use:
            comparison.key_questions_in_use.append(
                f"{where_kq} ({question.text!r}) is not in this report, and an indicator uses it."
            )


def _compare_texts_with_history(
    comparison: Comparison, where_of, stored: dict[int, Recommendation], texts: list[str]
):
    for number, text in enumerate(texts, start=1):
        recommendation = stored.get(number)
        where = where_of(number)
        if recommendation is None:
            comparison.differences.append(Difference(where, "added:", "", text))
        elif "text" in _compare(comparison, where, recommendation, {"text": text}) and (
            recommendation.has_history
        ):
            comparison.texts_under_history.append(
                f"{where}: its text would change, and the PDU has recorded work against it."
            )
    for number in sorted(set(stored) - set(range(1, len(texts) + 1))):
        comparison.differences.append(
            Difference(where_of(number), "is not in this report and is kept", "", "")
        )


def _compare_recommendations(comparison: Comparison, inspection: Inspection, report: ReportData):
    stored = {r.number: r for r in with_history(inspection.recommendations.all())}
    _compare_texts_with_history(
        comparison,
        lambda number: f"Recommendation {number}",
        stored,
        [data.text for data in report.recommendations],
    )


def _compare_reference_only(comparison: Comparison, previous: Inspection, report: ReportData):
    """The recommendations of a previous inspection known only from this table."""
    stored = {r.number: r for r in with_history(previous.recommendations.all())}
    _compare_texts_with_history(
        comparison,
        lambda number: f"Previous inspection ({previous.published:%B %Y}), recommendation {number}",
        stored,
        [data.text for data in report.previous_recommendations],
    )


def _compare_reviews(comparison: Comparison, inspection: Inspection, report: ReportData):
    stored = {r.number: r for r in inspection.previous_recommendation_reviews.all()}
    for number, data in enumerate(report.previous_recommendations, start=1):
        review = stored.pop(number, None)
        where = f"Previous recommendation {number}"
        if review is None:
            comparison.differences.append(Difference(where, "added:", "", data.text))
            continue
        _compare(
            comparison,
            where,
            review,
            review_values(data),
        )
    for review in stored.values():
        comparison.differences.append(
            Difference(f"Previous recommendation {review.number}", "removed", review.text, "")
        )


def proposed_links(report: ReportData) -> list[str]:
    """For each row of the report's previous-recommendation table, the tracked
    recommendation the import would link it to, in words."""
    pdu = PDU.objects.filter(name=report.pdu).first()
    previous = previous_inspection_for(pdu, report)
    if previous is None:
        if report.previous_inspection_published and report.previous_recommendations:
            when = f"{report.previous_inspection_published:%B %Y}"
            return [
                f"Recommendation {number} of the {when} inspection (added from this table)"
                for number in range(1, len(report.previous_recommendations) + 1)
            ]
        return ["Not linked: the previous inspection is not in the tracker"] * len(
            report.previous_recommendations
        )
    when = f"{previous.published:%B %Y}"
    if not previous.report_imported:
        return [
            f"Recommendation {number} of the {when} inspection"
            for number in range(1, len(report.previous_recommendations) + 1)
        ]
    candidates = list(previous.recommendations.all())
    links = []
    for data in report.previous_recommendations:
        match = match_recommendation(data.text, candidates)
        links.append(
            f"Recommendation {match.number} of the {when} inspection"
            if match
            else "Not matched: link it in the admin after the import"
        )
    return links
