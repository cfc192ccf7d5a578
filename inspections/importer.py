"""Write a parsed report to the database, and read an inspection back as the stable JSON.

`save_report` runs in one transaction and saves a row only when something in it
differs, so importing the same report twice changes nothing (not even the audit
history) the second time. It never touches what the PDU has recorded: progress
updates, actions, responses, owners and target dates are left as they are.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Prefetch

from recommendations.models import RAG, Progress, Recommendation, Status

from .frameworks import create_known_framework
from .models import (
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
from .report_parser import ReportData, ReportError
from .rules import published_disagreements

RATING_VALUES = {label: value for value, label in Rating.choices}
CATEGORISATION_VALUES = {label: value for value, label in Categorisation.choices}


@dataclass
class ImportResult:
    inspection: Inspection
    created: int = 0
    changed: int = 0
    warnings: list[str] = field(default_factory=list)

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
def save_report(report: ReportData, source_name: str = "") -> ImportResult:
    result = ImportResult(inspection=None)  # type: ignore[arg-type]
    framework = framework_for(report.max_score, result)
    region = _sync(result, Region, {"name": report.region}, {})
    pdu = _sync(result, PDU, {"name": report.pdu}, {"region": region})

    previous = None
    if report.previous_inspection_published:
        previous = Inspection.objects.filter(
            pdu=pdu, published=report.previous_inspection_published
        ).first()
        if previous is None:
            # Known only from this report's reference to it; its own import fills it in.
            previous = Inspection.objects.create(
                pdu=pdu,
                published=report.previous_inspection_published,
                overall_rating=RATING_VALUES.get(report.previous_inspection_rating, ""),
                report_imported=False,
            )
            result.created += 1

    inspection = _sync(
        result,
        Inspection,
        {"pdu": pdu, "published": report.published},
        {
            "framework": framework,
            "fieldwork_started": report.fieldwork_started,
            "overall_rating": RATING_VALUES[report.overall_rating],
            "score": report.score,
            "previous_inspection": previous,
            "lead_inspector": report.lead_inspector,
            "cases_inspected": report.cases_inspected,
            "report_imported": True,
            "source_name": source_name[:255],
        },
    )
    result.inspection = inspection

    kept_codes = []
    for order, data in enumerate(report.standards, start=1):
        standard = _sync(
            result,
            Standard,
            {"inspection": inspection, "code": data.code},
            {
                "name": data.name,
                "domain": data.domain,
                "statement": data.statement,
                "rating": RATING_VALUES[data.rating],
                "summary": data.summary,
                "order": order,
            },
        )
        kept_codes.append(data.code)
        for position, question in enumerate(data.key_questions, start=1):
            _sync(
                result,
                KeyQuestion,
                {"standard": standard, "order": position},
                {"text": question.text, "percent_yes": question.percent_yes},
            )
        extra = standard.key_questions.filter(order__gt=len(data.key_questions))
        result.changed += extra.count()
        extra.delete()
    extra = inspection.standards.exclude(code__in=kept_codes)
    result.changed += extra.count()
    extra.delete()

    for data in report.recommendations:
        _sync(
            result,
            Recommendation,
            {"inspection": inspection, "number": data.number},
            {"text": data.text},
        )
    surplus = inspection.recommendations.filter(number__gt=len(report.recommendations))
    if surplus.exists():
        result.warnings.append(
            "Recommendations "
            + ", ".join(str(r.number) for r in surplus)
            + " are not in this report; they were kept because the PDU may have recorded "
            "work against them. Remove them in the admin if they were entered in error."
        )

    for number, data in enumerate(report.previous_recommendations, start=1):
        _sync(
            result,
            PreviousRecommendationReview,
            {"inspection": inspection, "number": number},
            {
                "text": data.text,
                "action_taken_and_impact": data.action_taken_and_impact,
                "categorisation": CATEGORISATION_VALUES[data.categorisation],
                "improvement_still_required": data.improvement_still_required,
            },
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
    result.changed += extra.count()
    extra.delete()

    inspection = inspections_for_export().get(pk=inspection.pk)
    result.inspection = inspection
    result.warnings.extend(published_disagreements(inspection))
    return result


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
                "progress": _label(Progress, r.progress),
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
