"""Load an inspection's indicators, with their baselines from the report, from a JSON file.

The file names its inspection by PDU and month of publication, each recommendation by
number and a key question by standard code, order and wording. Everything is checked
before anything is written; then all is written in one transaction, and a row is saved
only where something differs, so loading the same file twice changes nothing.
Measurements (what managers record later) are never touched.

    {"pdu": "Kirklees", "published": "2024-11", "indicators": [
      {"name": "...", "unit": "cases", "better": "higher",
       "baseline": {"cases": 23, "total": 40, "date": "2024-08-12"},
       "target": {"value": 120, "date": "2024-12-31"},
       "source": ["The report's sentence, verbatim."],
       "recommendations": [5, 6],
       "key_question": {"standard": "P 2.1", "order": 3, "text": "Does ...?"}}]}
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from inspections.models import Inspection, KeyQuestion
from recommendations.models import Direction, Indicator, Recommendation, Unit

from .indicators import percent_of


class IndicatorFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    inspection: Inspection
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    names: list[str] = field(default_factory=list)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _date(value, where: str, problems: list[str]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date like 2024-08-12.")
        return None


def _decimal(value, where: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{where}: {value!r} is not a number.")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.append(f"{where}: {value!r} is not a number.")
        return None
    if not number.is_finite() or number < 0 or number >= 1_000_000:
        problems.append(f"{where}: {value!r} is out of range.")
        return None
    return number.quantize(Decimal("0.01"))


def _inspection(data: dict, problems: list[str]) -> Inspection | None:
    pdu, published = data.get("pdu"), data.get("published")
    if not isinstance(pdu, str) or not pdu.strip():
        problems.append('The file must name its PDU ("pdu": "Kirklees").')
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(published or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        problems.append('The file must give the month published ("published": "2024-11").')
        return None
    month = datetime.date(int(match[1]), int(match[2]), 1)
    inspection = Inspection.objects.filter(pdu__name=pdu.strip(), published=month).first()
    if inspection is None:
        problems.append(
            f"No inspection of {pdu.strip()} published in {month:%B %Y} was found: "
            "import its report first (manage.py import_report)."
        )
    return inspection


def _parse_indicator(
    index: int,
    item,
    inspection: Inspection,
    recommendations: dict[int, Recommendation],
    key_questions: dict[tuple[str, int], KeyQuestion],
    problems: list[str],
) -> dict | None:
    where = f"Indicator {index}"
    if not isinstance(item, dict):
        problems.append(f"{where} is not an object.")
        return None
    name = item.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        problems.append(f"{where} needs a name of up to 200 characters.")
        return None
    where = f"Indicator {index} ({name})"
    count = len(problems)
    unit, better = item.get("unit"), item.get("better")
    if unit not in Unit.values:
        problems.append(f"{where}: unit must be one of {', '.join(Unit.values)}.")
    if better not in Direction.values:
        problems.append(f"{where}: better must be one of {', '.join(Direction.values)}.")
    sources = item.get("source")
    if isinstance(sources, str):
        sources = [sources]
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.strip() for s in sources)
    ):
        problems.append(f"{where}: source must quote the report's sentence.")
        sources = []

    baseline = item.get("baseline")
    values = {"baseline_cases": None, "baseline_total": None, "target_value": None}
    values["target_date"] = None
    if not isinstance(baseline, dict):
        problems.append(f"{where}: baseline is missing.")
    else:
        values["baseline_date"] = _date(baseline.get("date"), f"{where}, baseline date", problems)
        if "cases" in baseline or "total" in baseline:
            cases, total = baseline.get("cases"), baseline.get("total")
            whole = all(isinstance(n, int) and not isinstance(n, bool) for n in (cases, total))
            if not (whole and total > 0 and 0 <= cases <= total):
                problems.append(
                    f"{where}: baseline needs cases (n) and total (N), n no more than N."
                )
            else:
                values.update(
                    baseline_cases=cases,
                    baseline_total=total,
                    baseline_value=percent_of(cases, total),
                )
        elif unit == Unit.CASES:
            problems.append(f"{where}: a case-sample baseline needs cases (n) and total (N).")
        else:
            values["baseline_value"] = _decimal(
                baseline.get("value"), f"{where}, baseline value", problems
            )
    target = item.get("target")
    if target is not None:
        if not isinstance(target, dict):
            problems.append(f"{where}: target must be an object with a value.")
        else:
            values["target_value"] = _decimal(
                target.get("value"), f"{where}, target value", problems
            )
            if target.get("date") is not None:
                values["target_date"] = _date(target["date"], f"{where}, target date", problems)

    numbers = item.get("recommendations")
    linked = []
    if not isinstance(numbers, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in numbers
    ):
        problems.append(f"{where}: recommendations must be a list of numbers.")
    else:
        for number in numbers:
            if number not in recommendations:
                problems.append(f"{where}: {inspection} has no recommendation {number}.")
            else:
                linked.append(recommendations[number])

    key_question = None
    question = item.get("key_question")
    if question is not None:
        if not isinstance(question, dict):
            problems.append(f"{where}: key_question must give standard, order and text.")
        else:
            found = key_questions.get((question.get("standard"), question.get("order")))
            if found is None:
                problems.append(
                    f"{where}: {inspection} has no key question {question.get('order')!r} "
                    f"under standard {question.get('standard')!r}."
                )
            elif collapse(found.text) != collapse(str(question.get("text", ""))):
                problems.append(
                    f"{where}: key question {question.get('order')} of {question.get('standard')} "
                    f"reads {found.text!r}, not {question.get('text')!r}."
                )
            else:
                key_question = found
    if len(problems) > count:
        return None
    return {
        "name": name.strip(),
        "fields": {
            "unit": unit,
            "better": better,
            "source": "\n\n".join(collapse(s) for s in sources),
            "key_question": key_question,
            "order": index,
            **values,
        },
        "recommendations": linked,
    }


def check(data) -> tuple[Inspection, list[dict]]:
    """Read and check the whole file against the database; raise with every problem found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise IndicatorFileError(["The file must hold a JSON object."])
    inspection = _inspection(data, problems)
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        problems.append('The file must list its indicators ("indicators": [...]).')
    if problems:
        raise IndicatorFileError(problems)
    recommendations = {r.number: r for r in inspection.recommendations.all()}
    key_questions = {
        (kq.standard.code, kq.order): kq
        for kq in KeyQuestion.objects.filter(standard__inspection=inspection).select_related(
            "standard"
        )
    }
    parsed = []
    for index, item in enumerate(items, start=1):
        one = _parse_indicator(index, item, inspection, recommendations, key_questions, problems)
        if one is not None:
            parsed.append(one)
    names = [p["name"] for p in parsed]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"The indicator {name!r} is listed more than once.")
    if problems:
        raise IndicatorFileError(problems)
    return inspection, parsed


@transaction.atomic
def load(data) -> LoadResult:
    inspection, parsed = check(data)
    result = LoadResult(inspection=inspection)
    existing = {i.name: i for i in inspection.indicators.prefetch_related("recommendations")}
    for item in parsed:
        indicator = existing.get(item["name"])
        changed = False
        if indicator is None:
            indicator = Indicator.objects.create(
                inspection=inspection, name=item["name"], **item["fields"]
            )
            result.created += 1
        else:
            differing = {
                key: value
                for key, value in item["fields"].items()
                if getattr(indicator, key) != value
            }
            if differing:
                for key, value in differing.items():
                    setattr(indicator, key, value)
                indicator.save()
                changed = True
        wanted = {r.pk for r in item["recommendations"]}
        if {r.pk for r in indicator.recommendations.all()} != wanted:
            indicator.recommendations.set(item["recommendations"])
            changed = True
        if item["name"] in existing:
            if changed:
                result.changed += 1
            else:
                result.unchanged += 1
        result.names.append(item["name"])
    return result
