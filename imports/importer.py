"""Write a parsed report to the database, and read an inspection back as the stable JSON.

`save_report` runs in one transaction and saves a row only when something in it
differs, so importing the same report twice changes nothing (not even the audit
history) the second time. It never touches what the PDU has recorded: progress
updates, actions, responses, owners and target dates are left as they are. What
`imports.differences` holds back (a PDU moving region, a text rewritten under
history, a key question an indicator uses dropped) it refuses unless told.

When the PDU's previous inspection is in the tracker, each row of the report's
"Progress on previous recommendations" table is linked to the recommendation it
reviews; a previous inspection known only from the table gets its recommendations from it.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Prefetch

from inspections.frameworks import create_known_framework
from inspections.models import (
    PDU,
    Categorisation,
    Framework,
    Inspection,
    KeyQuestion,
    PreviousRecommendationReview,
    Rating,
    Region,
    Standard,
)
from inspections.report_parser import ReportData, ReportError
from inspections.rules import published_disagreements
from recommendations.loop import match_recommendation
from recommendations.models import RAG, Indicator, Recommendation, Status

from .differences import (
    RATING_VALUES,
    Comparison,
    compare_report,
    inspection_values,
    key_question_values,
    previous_inspection_for,
    review_values,
    standard_values,
)


class ImportRefused(ReportError):
    """The report was read, but importing it would change what must not change unasked."""

    def __init__(self, problems: list[str], held_back: dict[str, list[str]]):
        super().__init__(problems)
        self.held_back = held_back


@dataclass
class ImportResult:
    inspection: Inspection
    created: int = 0
    changed: int = 0
    warnings: list[str] = field(default_factory=list)
    comparison: Comparison | None = None

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.changed)


def _sync(result: ImportResult, model, lookup: dict, values: dict):
    """Create the row, or update it where any of `values` differ; count what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created += 1
        return obj
    differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if differing:
        for name, value in differing.items():
            setattr(obj, name, value)
        obj.save()
        result.changed += 1
    return obj


def framework_for(max_score: int, result: ImportResult) -> Framework:
    """The framework scoring out of `max_score`; a known one is made again if missing, an
    unknown one is made without bands, with a warning."""
    framework = Framework.objects.filter(max_score=max_score).order_by("pk").first()
    if framework is None and (framework := create_known_framework(max_score)):
        result.created += 1
    elif framework is None:
        framework = Framework.objects.create(
            name=f"Framework scored out of {max_score}", max_score=max_score
        )
        result.created += 1
        result.warnings.append(
            f"No framework scored out of {max_score} existed, so one was added with the usual "
            "points per rating and no bands: add its bands in the admin (Frameworks)."
        )
    return framework


@transaction.atomic
def save_report(
    report: ReportData,
    source_name: str = "",
    *,
    allow_region_move: bool = False,
    allow_text_changes: bool = False,
    allow_dropping_key_questions: bool = False,
) -> ImportResult:
    """Import the report, unless it would change unasked what `compare_report` holds back
    (then raise ImportRefused, having written nothing)."""
    comparison = compare_report(report)
    refusals = comparison.refusals(
        allow_region_move=allow_region_move,
        allow_text_changes=allow_text_changes,
        allow_dropping_key_questions=allow_dropping_key_questions,
    )
    if refusals:
        raise ImportRefused(refusals, comparison.held_back())
    result = ImportResult(inspection=None, comparison=comparison)  # type: ignore[arg-type]
    framework = framework_for(report.max_score, result)
    region = _sync(result, Region, {"name": report.region}, {})
    pdu = _sync(result, PDU, {"name": report.pdu}, {"region": region})
    previous = _save_previous_inspection(result, pdu, report)
    inspection = _sync(
        result,
        Inspection,
        {"pdu": pdu, "published": report.published},
        {
            "framework": framework,
            **inspection_values(report),
            "previous_inspection": previous,
            "report_imported": True,
            "source_name": source_name[:255],
        },
    )
    _save_standards(result, inspection, report)
    _save_recommendations(result, inspection, report)
    _save_reviews(result, inspection, report)
    _link_reviews(result, inspection, previous)

    inspection = inspections_for_export().get(pk=inspection.pk)
    result.inspection = inspection
    result.warnings.extend(published_disagreements(inspection))
    return result


def _save_previous_inspection(result: ImportResult, pdu: PDU, report: ReportData):
    """The inspection the report's table reviews. One known only from this report gets
    its recommendations from the table (numbered in its order), so that work can be
    recorded against them."""
    previous = previous_inspection_for(pdu, report)
    if previous is None and report.previous_inspection_published:
        previous = Inspection.objects.create(
            pdu=pdu,
            published=report.previous_inspection_published,
            overall_rating=RATING_VALUES.get(report.previous_inspection_rating, ""),
            report_imported=False,
        )
        result.created += 1
    if previous is not None and not previous.report_imported:
        for number, data in enumerate(report.previous_recommendations, start=1):
            _sync(
                result,
                Recommendation,
                {"inspection": previous, "number": number},
                {"text": data.text},
            )
        _warn_of_surplus(result, previous, len(report.previous_recommendations))
    return previous


def _warn_of_surplus(result: ImportResult, inspection: Inspection, count: int) -> None:
    surplus = inspection.recommendations.filter(number__gt=count)
    if surplus.exists():
        result.warnings.append(
            f"{inspection}: recommendations "
            + ", ".join(str(r.number) for r in surplus)
            + " are not in this report; they were kept because the PDU may have recorded "
            "work against them. Remove them in the admin if they were entered in error."
        )


def _save_standards(result: ImportResult, inspection: Inspection, report: ReportData) -> None:
    kept_codes = []
    for order, data in enumerate(report.standards, start=1):
        standard = _sync(
            result,
            Standard,
            {"inspection": inspection, "code": data.code},
            standard_values(data, order),
        )
        kept_codes.append(data.code)
        for position, question in enumerate(data.key_questions, start=1):
            _sync(
                result,
                KeyQuestion,
                {"standard": standard, "order": position},
                key_question_values(question),
            )
        _drop(result, standard.key_questions.filter(order__gt=len(data.key_questions)))
    dropped = inspection.standards.exclude(code__in=kept_codes)
    _drop(result, KeyQuestion.objects.filter(standard__in=dropped))
    _drop(result, dropped)


def _drop(result: ImportResult, rows) -> None:
    """Delete `rows`; an indicator on a dropped key question (allowed by the caller's
    comparison) keeps its baseline and measurements and loses only the link."""
    if rows.model is KeyQuestion:
        Indicator.objects.filter(key_question__in=rows).update(key_question=None)
    result.changed += rows.count()
    rows.delete()


def _save_recommendations(result: ImportResult, inspection: Inspection, report: ReportData):
    for data in report.recommendations:
        _sync(
            result,
            Recommendation,
            {"inspection": inspection, "number": data.number},
            {"text": data.text},
        )
    _warn_of_surplus(result, inspection, len(report.recommendations))


def _save_reviews(result: ImportResult, inspection: Inspection, report: ReportData) -> None:
    for number, data in enumerate(report.previous_recommendations, start=1):
        _sync(
            result,
            PreviousRecommendationReview,
            {"inspection": inspection, "number": number},
            review_values(data),
        )
    extra = inspection.previous_recommendation_reviews.filter(
        number__gt=len(report.previous_recommendations)
    )
    if extra.filter(repeated_by__isnull=False).exists():
        raise ReportError(
            [
                "This report has fewer previous recommendations than the database holds, and "
                "a recommendation is linked to one of those no longer in it."
            ]
        )
    _drop(result, extra)


def _link_reviews(result: ImportResult, inspection: Inspection, previous) -> None:
    """Link each unlinked row of the table to the previous recommendation it reviews, by
    text. A link already made (by an earlier import, or corrected in the admin) is kept."""
    if previous is None:
        return
    candidates = list(previous.recommendations.all())
    unlinked = inspection.previous_recommendation_reviews.filter(
        reviews_recommendation__isnull=True
    )
    for review in unlinked:
        match = match_recommendation(review.text, candidates)
        if match is not None:
            review.reviews_recommendation = match
            review.save(update_fields=["reviews_recommendation"])
            result.changed += 1
        else:
            result.warnings.append(
                f"Previous recommendation {review.number} matches none of the "
                f"{previous.published:%B %Y} inspection's recommendations: link it in the admin."
            )


def inspections_for_export():
    """Inspections with all that the JSON and the rules' checks read, in fixed queries."""
    return Inspection.objects.select_related("pdu__region", "framework").prefetch_related(
        "framework__score_bands",
        "framework__key_question_bands",
        Prefetch("standards", queryset=Standard.objects.prefetch_related("key_questions")),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.annotate(update_count=Count("updates")),
        ),
        "previous_recommendation_reviews",
    )


def _label(choices, value: str) -> str | None:
    return choices(value).label if value else None


def report_json(report: ReportData) -> dict:
    """The stable JSON for a parsed report that is not (yet) in the database."""
    return {
        "pdu": report.pdu,
        "region": report.region,
        "published": f"{report.published:%Y-%m}",
        "fieldwork_started": (
            f"{report.fieldwork_started:%Y-%m}" if report.fieldwork_started else None
        ),
        "overall_rating": report.overall_rating,
        "score": report.score,
        "max_score": report.max_score,
        "standards": [
            {
                "code": s.code,
                "name": s.name,
                "domain": s.domain,
                "rating": s.rating,
                "key_questions": [
                    {"text": q.text, "percent_yes": q.percent_yes} for q in s.key_questions
                ],
            }
            for s in report.standards
        ],
        "recommendations": [
            {
                "number": r.number,
                "text": r.text,
                "status": Status.NOT_STARTED.label,
                "rag": None,
                "progress": None,
                "updates": 0,
            }
            for r in report.recommendations
        ],
        "previous_recommendations": [
            {
                "text": p.text,
                "action_taken_and_impact": p.action_taken_and_impact,
                "categorisation": p.categorisation,
                "improvement_still_required": p.improvement_still_required,
            }
            for p in report.previous_recommendations
        ],
    }


def inspection_json(inspection: Inspection) -> dict:
    """The stable JSON for an inspection in the database (see DESIGN.md section 5).

    Expects `inspections_for_export()` prefetching.
    """
    framework = inspection.framework
    return {
        "pdu": inspection.pdu.name,
        "region": inspection.pdu.region.name,
        "published": f"{inspection.published:%Y-%m}",
        "fieldwork_started": (
            f"{inspection.fieldwork_started:%Y-%m}" if inspection.fieldwork_started else None
        ),
        "overall_rating": _label(Rating, inspection.overall_rating),
        "score": inspection.score,
        "max_score": framework.max_score if framework else None,
        "standards": [
            {
                "code": s.code,
                "name": s.name,
                "domain": s.domain,
                "rating": Rating(s.rating).label,
                "key_questions": [
                    {"text": q.text, "percent_yes": q.percent_yes} for q in s.key_questions.all()
                ],
            }
            for s in inspection.standards.all()
        ],
        "recommendations": [
            {
                "number": r.number,
                "text": r.text,
                "status": Status(r.status).label,
                "rag": _label(RAG, r.rag),
                "progress": _label(Categorisation, r.judgement),
                "updates": r.update_count,
            }
            for r in inspection.recommendations.all()
        ],
        "previous_recommendations": [
            {
                "text": p.text,
                "action_taken_and_impact": p.action_taken_and_impact,
                "categorisation": Categorisation(p.categorisation).label,
                "improvement_still_required": p.improvement_still_required,
            }
            for p in inspection.previous_recommendation_reviews.all()
        ],
    }
