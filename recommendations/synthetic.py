"""A synthetic national data set, for the benchmark and for trying the service at scale.

Everything made here is marked as synthetic so that it can never be taken for a real
inspection: regions are "Synthetic Region N", PDUs "Synthetic <town>", accounts
"synthetic-manager-N" (one per PDU) and "synthetic-lead-N" (one per region), and every
inspection's source is "synthetic". The same seed gives the same data; dates are
placed relative to the day it runs, so that the later inspections are about two years
old and their updates run up to today.

The data follows the rules the service enforces: ratings agree with the framework's
bands, progress updates move through the status workflow one step at a time (Verified
only by the regional lead, stepping back only with a reason), and each recommendation's
copied position is that of its latest update. Rows are written with bulk_create in one
transaction, so a national data set takes seconds rather than hours.
"""

import datetime
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from inspections.models import (
    PDU,
    Categorisation,
    Framework,
    Inspection,
    KeyQuestion,
    Membership,
    PreviousRecommendationReview,
    Region,
    Role,
    Standard,
)
from inspections.rules import (
    Band,
    key_question_bands,
    overall_rating_for_score,
    rating_in_bands,
    score_bands,
)

from .models import (
    RAG,
    Action,
    ActionStatus,
    Direction,
    DueDateChange,
    Indicator,
    Measurement,
    Progress,
    ProgressUpdate,
    Recommendation,
    Response,
    Status,
    Unit,
    UpdateKind,
)
from .rules import ORDER

PREFIX = "Synthetic "
REGION_NAME = "Synthetic Region {}"
MANAGER_USERNAME = "synthetic-manager-{}"
LEAD_USERNAME = "synthetic-lead-{}"
SOURCE_NAME = "synthetic"
BATCH_SIZE = 2000

STANDARDS = [
    ("P 1.1", "Leadership", []),
    ("P 1.2", "Staffing", []),
    ("P 1.3", "Services", []),
    (
        "P 2.1",
        "Assessment",
        [
            "Does assessment focus sufficiently on engaging the person on probation?",
            "Does assessment focus sufficiently on the factors linked to offending and desistance?",
            "Does assessment focus sufficiently on keeping other people safe?",
        ],
    ),
    (
        "P 2.2",
        "Planning",
        [
            "Does planning focus sufficiently on engaging the person on probation?",
            "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
            "Does planning focus sufficiently on keeping other people safe?",
        ],
    ),
    (
        "P 2.3",
        "Implementation and delivery",
        [
            "Is the sentence or post-custody period implemented effectively with a focus on "
            "engaging the person on probation?",
            "Does the implementation and delivery of services effectively support desistance?",
            "Does the implementation and delivery of services effectively support the safety "
            "of other people?",
        ],
    ),
    (
        "P 2.4",
        "Reviewing",
        [
            "Does reviewing focus sufficiently on supporting the person on probation's "
            "compliance and engagement?",
            "Does reviewing focus sufficiently on supporting desistance?",
            "Does reviewing focus sufficiently on keeping other people safe?",
        ],
    ),
]

RECOMMENDATION_TEXTS = [
    "ensure that it has sufficient staffing resources to provide a high-quality, personalised "
    "and responsive service for all people on probation",
    "improve the quality of assessment, planning and reviewing to keep other people safe",
    "make sure that domestic abuse and safeguarding enquiries are made and their results "
    "used in every case",
    "ensure that newly qualified officers receive protected caseloads and regular supervision",
    "improve the use of interventions and services that address factors linked to offending",
    "ensure that management oversight is effective and recorded in every high-risk case",
    "develop its relationships with partners so that information about risk is shared promptly",
    "make sure that people on probation are involved in planning their sentence",
    "improve the quality and timeliness of home visits in cases with child safeguarding concerns",
    "ensure that case allocation takes account of the complexity of the work",
    "strengthen the analysis of diversity needs and act on what it shows",
    "ensure that accredited programmes start promptly and are completed",
]
ACTION_TEXTS = [
    "Recruit to vacant probation officer posts",
    "Run quarterly case audits of risk assessment quality",
    "Deliver safeguarding refresher training to all practitioners",
    "Agree an information-sharing protocol with the police",
    "Introduce a management oversight checklist for high-risk cases",
    "Set up a workload panel for newly qualified officers",
    "Review the interventions directory with partners",
    "Hold monthly practice development sessions",
]
UPDATE_TEXTS = [
    "Reviewed progress at the senior management team meeting.",
    "Completed a case audit of a sample of cases.",
    "Delivered a training session to practitioners.",
    "Met partners to agree the next steps.",
    "Updated the action plan after supervision audits.",
    "Recruited and inducted new staff.",
    "Reported progress to the regional leadership team.",
    "Collected evidence of impact from case records.",
]
OWNERS = ["Head of Service", "Senior Probation Officer", "Deputy Head", "Quality Lead"]
TOWN_STARTS = [
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Glen", "Hol", "Kings", "Lang",
    "Mar", "Nor", "Oak", "Pen", "Ros", "Stan", "Thorn", "Wal", "West", "Whit",
]  # fmt: skip
TOWN_ENDS = [
    "bury", "by", "combe", "dale", "field", "ford", "ham",
    "ley", "mouth", "stead", "ton", "wick", "worth",
]  # fmt: skip


class SyntheticDataRefused(Exception):
    """The database is not one to generate into; the message says why."""


@dataclass
class Options:
    regions: int = 12
    pdus: int | None = None  # in total; 9 per region when None
    pdus_per_region: tuple[int, int] = (5, 18)
    inspections_per_pdu: int = 2
    recommendations_per_inspection: tuple[int, int] = (6, 10)
    actions_per_recommendation: tuple[int, int] = (1, 4)
    updates_per_recommendation: int = 50
    seed: int = 1
    password: str = ""
    allow_real_data: bool = False
    today: datetime.date | None = None


@dataclass
class Counts:
    regions: int = 0
    pdus: int = 0
    users: int = 0
    inspections: int = 0
    recommendations: int = 0
    actions: int = 0
    due_date_changes: int = 0
    updates: int = 0
    indicators: int = 0
    measurements: int = 0


def holds_real_inspections() -> bool:
    return Inspection.objects.exclude(pdu__name__startswith=PREFIX).exists()


def holds_synthetic_data() -> bool:
    return Region.objects.filter(name__startswith=PREFIX).exists()


def pdu_counts(rng: random.Random, options: Options) -> list[int]:
    """How many PDUs each region gets: each within the range, adding up to the total."""
    low, high = options.pdus_per_region
    target = options.pdus if options.pdus is not None else 9 * options.regions
    target = max(low * options.regions, min(high * options.regions, target))
    counts = [rng.randint(low, high) for _ in range(options.regions)]
    while sum(counts) > target:
        counts[rng.choice([i for i, c in enumerate(counts) if c > low])] -= 1
    while sum(counts) < target:
        counts[rng.choice([i for i, c in enumerate(counts) if c < high])] += 1
    return counts


def town_names(rng: random.Random, how_many: int) -> list[str]:
    names = [start + end for start, end in itertools.product(TOWN_STARTS, TOWN_ENDS)]
    rng.shuffle(names)
    return [
        names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
        for i in range(how_many)
    ]


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def status_sequence(rng: random.Random, length: int, final: int) -> list[tuple[int, bool]]:
    """`length` workflow levels (0 Not started .. 3 Verified) ending at `final`.

    Each step moves one level on or, now and then, one back from Complete (a reopening,
    flagged True); all other entries repeat the level before them.
    """
    milestones = list(range(1, final + 1))
    if final >= 2 and rng.random() < 0.25:
        milestones = [1, 2, 1, *milestones[1:]]
    milestones = milestones[:length] if len(milestones) <= length else list(range(1, length + 1))
    changes = dict(zip(sorted(rng.sample(range(length), len(milestones))), milestones, strict=True))
    levels, level = [], 0
    for index in range(length):
        previous = level
        level = changes.get(index, level)
        levels.append((level, level < previous))
    return levels


def position_fields(rng: random.Random, status: str) -> dict:
    if status == Status.NOT_STARTED:
        return {
            "rag": rng.choice(["", RAG.RED, RAG.AMBER]),
            "progress": rng.choice(["", Progress.NONE]),
            "improvement_still_required": rng.choice([None, True]),
        }
    if status == Status.IN_PROGRESS:
        return {
            "rag": rng.choice([RAG.RED, RAG.AMBER, RAG.AMBER, RAG.GREEN]),
            "progress": rng.choice([Progress.SOME, Progress.SOME, Progress.NONE]),
            "improvement_still_required": True,
        }
    if status == Status.COMPLETE:
        return {
            "rag": RAG.GREEN,
            "progress": rng.choice([Progress.SUFFICIENT, Progress.SOME]),
            "improvement_still_required": rng.choice([True, False]),
        }
    return {"rag": RAG.GREEN, "progress": Progress.SUFFICIENT, "improvement_still_required": False}


def _aware(day: datetime.date, seconds: int = 9 * 3600) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)
    return timezone.make_aware(moment)


class _Builder:
    """Builds the rows in memory, in dependency order, and writes each kind in batches."""

    def __init__(self, options: Options, log: Callable[[str], None]):
        self.options = options
        self.rng = random.Random(options.seed)
        self.log = log
        self.today = options.today or timezone.localdate()
        # Nothing after the start of today, so that a seed gives the same data all day.
        self.now = _aware(self.today, 0)
        self.counts = Counts()

    def bulk(self, model, objects: list) -> list:
        made = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self.log(f"  {len(made):>7} {model._meta.verbose_name_plural}")
        return made

    def run(self) -> Counts:
        rng, options = self.rng, self.options
        framework = Framework.objects.get(max_score=21)
        self.framework = framework
        self.kq_bands: list[Band] = key_question_bands(framework)
        self.score_bands: list[Band] = score_bands(framework)

        counts = pdu_counts(rng, options)
        regions = self.bulk(
            Region, [Region(name=REGION_NAME.format(n)) for n in range(1, options.regions + 1)]
        )
        towns = iter(town_names(rng, sum(counts)))
        pdus = self.bulk(
            PDU,
            [
                PDU(name=PREFIX + next(towns), region=region)
                for region, count in zip(regions, counts, strict=True)
                for _ in range(count)
            ],
        )
        self.make_users(regions, pdus)
        self.make_inspections(pdus)
        self.counts.regions, self.counts.pdus = len(regions), len(pdus)
        return self.counts

    def make_users(self, regions: list[Region], pdus: list[PDU]) -> None:
        User = get_user_model()
        # One hash for all: hashing is deliberately slow, and they share the password.
        password = make_password(self.options.password or None)
        users = [
            User(
                username=MANAGER_USERNAME.format(n),
                first_name="Synthetic",
                last_name=f"Manager {n}",
                password=password,
            )
            for n in range(1, len(pdus) + 1)
        ] + [
            User(
                username=LEAD_USERNAME.format(n),
                first_name="Synthetic",
                last_name=f"Lead {n}",
                password=password,
            )
            for n in range(1, len(regions) + 1)
        ]
        users = self.bulk(User, users)
        managers, leads = users[: len(pdus)], users[len(pdus) :]
        self.bulk(
            Membership,
            [
                Membership(user=user, role=Role.MANAGER, pdu=pdu)
                for user, pdu in zip(managers, pdus, strict=True)
            ]
            + [
                Membership(user=user, role=Role.REGIONAL_LEAD, region=region)
                for user, region in zip(leads, regions, strict=True)
            ],
        )
        self.manager_of = {pdu.pk: user for pdu, user in zip(pdus, managers, strict=True)}
        self.lead_of = {region.pk: user for region, user in zip(regions, leads, strict=True)}
        self.counts.users = len(users)

    def make_inspections(self, pdus: list[PDU]) -> None:
        rng, options = self.rng, self.options
        # Earliest first, so that each later one can point at the one before it.
        plan = []
        for pdu in pdus:
            latest = months_before(self.today, 24 + rng.randint(0, 3))
            dates = [latest]
            for _ in range(options.inspections_per_pdu - 1):
                dates.append(months_before(dates[-1], 36 + rng.randint(0, 6)))
            plan.append((pdu, list(reversed(dates))))

        inspections_by_round: list[list[Inspection]] = []
        for round_ in range(options.inspections_per_pdu):
            made = []
            for pdu, dates in plan:
                previous = inspections_by_round[-1][len(made)] if inspections_by_round else None
                made.append(self.inspection(pdu, dates[round_], previous))
            self.log(f"Inspections, round {round_ + 1} of {options.inspections_per_pdu}:")
            made = self.bulk(Inspection, made)
            inspections_by_round.append(made)
            self.make_findings(made)
        self.counts.inspections = sum(len(batch) for batch in inspections_by_round)

    def inspection(self, pdu: PDU, published: datetime.date, previous) -> Inspection:
        rng = self.rng
        return Inspection(
            pdu=pdu,
            framework=self.framework,
            published=published,
            fieldwork_started=months_before(published, rng.randint(3, 5)),
            previous_inspection=previous,
            lead_inspector=f"Synthetic Inspector {rng.randint(1, 20)}",
            cases_inspected=rng.randint(40, 90),
            report_imported=True,
            source_name=SOURCE_NAME,
        )

    def make_findings(self, inspections: list[Inspection]) -> None:
        rng = self.rng
        standards, questions = [], []
        for inspection in inspections:
            quality = rng.randint(40, 90)
            ratings = []
            for order, (code, name, texts) in enumerate(STANDARDS, start=1):
                percents = [max(0, min(100, quality + rng.randint(-15, 15))) for _ in texts]
                if percents:
                    rating = rating_in_bands(min(percents), self.kq_bands)
                else:
                    rating = rating_in_bands(
                        max(0, min(100, quality + rng.randint(-15, 15))), self.kq_bands
                    )
                ratings.append(rating)
                standard = Standard(
                    inspection=inspection,
                    code=code,
                    name=name,
                    domain=int(code[2]),
                    rating=rating,
                    summary=f"Synthetic finding on {name.lower()}.",
                    order=order,
                )
                standards.append(standard)
                total = inspection.cases_inspected
                for position, (text, percent) in enumerate(zip(texts, percents, strict=True), 1):
                    questions.append(
                        KeyQuestion(
                            standard=standard,
                            order=position,
                            text=text,
                            percent_yes=percent,
                            cases_yes=round(percent * total / 100),
                            cases_total=total,
                        )
                    )
            inspection.score = sum(self.framework.points_for(rating) for rating in ratings)
            inspection.overall_rating = overall_rating_for_score(inspection.score, self.score_bands)
        Inspection.objects.bulk_update(inspections, ["score", "overall_rating"], BATCH_SIZE)
        self.bulk(Standard, standards)
        self.bulk(KeyQuestion, questions)
        standards_of: dict[int, list[Standard]] = {}
        for standard in standards:
            standards_of.setdefault(standard.inspection_id, []).append(standard)
        questions_of: dict[int, list[KeyQuestion]] = {}
        for question in questions:
            questions_of.setdefault(question.standard.inspection_id, []).append(question)

        reviews = self.make_reviews(inspections)
        recommendations = self.make_recommendations(inspections, standards_of, reviews)
        self.make_actions(recommendations)
        self.make_indicators(inspections, recommendations, questions_of)

    def make_reviews(self, inspections: list[Inspection]) -> dict[int, list]:
        """The later inspection's table of progress on the earlier one's recommendations."""
        rng = self.rng
        previous_ids = [i.previous_inspection_id for i in inspections if i.previous_inspection_id]
        earlier = {}
        for pk, inspection_id, text in (
            Recommendation.objects.filter(inspection_id__in=previous_ids)
            .order_by("inspection_id", "number")
            .values_list("pk", "inspection_id", "text")
        ):
            earlier.setdefault(inspection_id, []).append((pk, text))
        reviews = []
        for inspection in inspections:
            for number, (pk, text) in enumerate(
                earlier.get(inspection.previous_inspection_id, []), 1
            ):
                categorisation = rng.choice(Categorisation.values)
                reviews.append(
                    PreviousRecommendationReview(
                        inspection=inspection,
                        number=number,
                        text=text[0].upper() + text[1:],
                        action_taken_and_impact="Synthetic account of the action taken.",
                        categorisation=categorisation,
                        improvement_still_required=categorisation != Categorisation.SUFFICIENT,
                        # The chain closes: the row reviews the earlier recommendation, whose
                        # updates (from two weeks to two years after its publication) all come
                        # before the later inspection's fieldwork, 31 months on at the least.
                        reviews_recommendation_id=pk,
                    )
                )
        reviews = self.bulk(PreviousRecommendationReview, reviews)
        reviews_of: dict[int, list] = {}
        for review in reviews:
            reviews_of.setdefault(review.inspection_id, []).append(review)
        return reviews_of

    def make_recommendations(self, inspections, standards_of, reviews_of) -> list[Recommendation]:
        rng, options = self.rng, self.options
        recommendations, links, plans = [], [], []
        for inspection in inspections:
            count = rng.randint(*options.recommendations_per_inspection)
            texts = rng.sample(RECOMMENDATION_TEXTS, min(count, len(RECOMMENDATION_TEXTS)))
            texts += [f"address synthetic finding {n}" for n in range(len(texts) + 1, count + 1)]
            repeatable = [
                r for r in reviews_of.get(inspection.pk, []) if r.improvement_still_required
            ]
            for number, text in enumerate(texts, start=1):
                response = rng.choices(list(Response), weights=[8, 2, 1])[0]
                recommendation = Recommendation(
                    inspection=inspection,
                    number=number,
                    text=text,
                    response=response,
                    response_reason=(
                        "" if response == Response.AGREED else "Synthetic reason for the response."
                    ),
                    owner=rng.choice(OWNERS),
                    target_date=inspection.published
                    + datetime.timedelta(days=rng.randint(180, 540)),
                    repeats=repeatable.pop(0) if repeatable and rng.random() < 0.5 else None,
                )
                plans.append(self.plan_updates(inspection, recommendation))
                recommendations.append(recommendation)
                for standard in rng.sample(standards_of[inspection.pk], rng.randint(1, 2)):
                    links.append((recommendation, standard))
        recommendations = self.bulk(Recommendation, recommendations)
        Through = Recommendation.standards.through
        self.bulk(
            Through,
            [
                Through(recommendation_id=recommendation.pk, standard_id=standard.pk)
                for recommendation, standard in links
            ],
        )
        updates = []
        for recommendation, plan in zip(recommendations, plans, strict=True):
            for update in plan:
                update.recommendation = recommendation
                updates.append(update)
        self.bulk(ProgressUpdate, updates)
        self.counts.recommendations += len(recommendations)
        self.counts.updates += len(updates)
        return recommendations

    def plan_updates(self, inspection: Inspection, recommendation: Recommendation) -> list:
        """The recommendation's updates, and its copied position set to the latest one's."""
        rng, length = self.rng, self.options.updates_per_recommendation
        manager = self.manager_of[inspection.pdu.pk]
        lead = self.lead_of[inspection.pdu.region.pk]
        final = rng.choices([0, 1, 2, 3], weights=[1, 4, 3, 2])[0]
        start = _aware(inspection.published + datetime.timedelta(days=14))
        end = min(_aware(inspection.published + datetime.timedelta(days=730)), self.now)
        span = max(int((end - start).total_seconds()), length)
        offsets = sorted(rng.sample(range(span), length)) if length else []
        updates = []
        for offset, (level, reopened) in zip(
            offsets, status_sequence(rng, length, final), strict=True
        ):
            status = ORDER[level]
            updates.append(
                ProgressUpdate(
                    author=lead if status == Status.VERIFIED else manager,
                    created_at=start + datetime.timedelta(seconds=offset),
                    what_was_done=rng.choice(UPDATE_TEXTS),
                    impact=rng.choice(["", "", "Early signs of improvement in case audits."]),
                    status=status,
                    reason="Further audit found the work was not embedded." if reopened else "",
                    kind=UpdateKind.VERIFICATION
                    if status == Status.VERIFIED
                    else UpdateKind.UPDATE,
                    **position_fields(rng, status),
                )
            )
        if updates:
            latest = updates[-1]
            recommendation.status = latest.status
            recommendation.rag = latest.rag
            recommendation.progress = latest.progress
            recommendation.improvement_still_required = latest.improvement_still_required
            recommendation.position_updated_at = latest.created_at
        return updates

    def make_actions(self, recommendations: list[Recommendation]) -> None:
        rng = self.rng
        actions, moves = [], []
        for recommendation in recommendations:
            inspection = recommendation.inspection
            manager = self.manager_of[inspection.pdu.pk]
            for _ in range(rng.randint(*self.options.actions_per_recommendation)):
                created = inspection.published + datetime.timedelta(days=rng.randint(7, 60))
                due = created + datetime.timedelta(days=rng.randint(30, 600))
                if recommendation.status in (Status.COMPLETE, Status.VERIFIED):
                    status = ActionStatus.COMPLETE
                else:
                    status = rng.choice(list(ActionStatus))
                action = Action(
                    recommendation=recommendation,
                    description=rng.choice(ACTION_TEXTS),
                    owner=rng.choice(OWNERS),
                    due_date=due,
                    status=status,
                    created_by=manager,
                    created_at=_aware(created),
                )
                changed = _aware(created)
                for _ in range(rng.choice([0, 0, 0, 1, 2])):
                    new_due = action.due_date + datetime.timedelta(days=rng.randint(14, 120))
                    changed += datetime.timedelta(days=rng.randint(1, 90))
                    moves.append(
                        DueDateChange(
                            action=action,
                            old_due_date=action.due_date,
                            new_due_date=new_due,
                            reason="Synthetic: waiting on a partner agency.",
                            changed_by=manager,
                            changed_at=min(changed, self.now),
                        )
                    )
                    action.due_date = new_due
                actions.append(action)
        self.bulk(Action, actions)
        # Each move's action_id is taken from its (now saved) action as it is written.
        self.bulk(DueDateChange, moves)
        self.counts.actions += len(actions)
        self.counts.due_date_changes += len(moves)

    def make_indicators(self, inspections, recommendations, questions_of) -> None:
        rng = self.rng
        recommendations_of: dict[int, list[Recommendation]] = {}
        for recommendation in recommendations:
            recommendations_of.setdefault(recommendation.inspection_id, []).append(recommendation)
        indicators, links, series = [], [], []
        for inspection in inspections:
            manager = self.manager_of[inspection.pdu.pk]
            weakest = sorted(questions_of.get(inspection.pk, []), key=lambda q: q.percent_yes)[:2]
            for order, question in enumerate(weakest, start=1):
                indicator = Indicator(
                    inspection=inspection,
                    key_question=question,
                    name=f"{question.standard.code}: {question.text}",
                    source="Synthetic: the report's key question figure.",
                    unit=Unit.PERCENT,
                    better=Direction.HIGHER,
                    baseline_value=Decimal(question.percent_yes),
                    baseline_cases=question.cases_yes,
                    baseline_total=question.cases_total,
                    baseline_date=inspection.published,
                    target_value=Decimal(max(65, question.percent_yes + 10)),
                    target_date=inspection.published + datetime.timedelta(days=365),
                    order=order,
                )
                indicators.append(indicator)
                series.append((indicator, manager, question.percent_yes, True))
            indicator = Indicator(
                inspection=inspection,
                name="Vacancies in probation officer posts",
                source="Synthetic: the report's staffing figure.",
                unit=Unit.NUMBER,
                better=Direction.LOWER,
                baseline_value=Decimal(rng.randint(3, 15)),
                baseline_date=inspection.published,
                target_value=Decimal(2),
                target_date=inspection.published + datetime.timedelta(days=540),
                order=len(weakest) + 1,
            )
            indicators.append(indicator)
            series.append((indicator, manager, int(indicator.baseline_value), False))
            for indicator in indicators[-len(weakest) - 1 :]:
                for recommendation in rng.sample(
                    recommendations_of[inspection.pk], rng.randint(1, 2)
                ):
                    links.append((indicator, recommendation))
        self.bulk(Indicator, indicators)
        Through = Indicator.recommendations.through
        self.bulk(
            Through,
            [
                Through(indicator_id=indicator.pk, recommendation_id=recommendation.pk)
                for indicator, recommendation in links
            ],
        )
        measurements = []
        for indicator, manager, value, is_percent in series:
            day = indicator.baseline_date
            while True:
                day = day + datetime.timedelta(days=91)
                if day > self.today or day > indicator.baseline_date + datetime.timedelta(days=730):
                    break
                if is_percent:
                    value = max(0, min(100, value + rng.randint(-4, 9)))
                    total = rng.randint(20, 40)
                    cases = round(value * total / 100)
                    value = round(100 * cases / total)
                else:
                    value, cases, total = max(0, value + rng.randint(-3, 2)), None, None
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        date=day,
                        value=Decimal(value),
                        cases=cases,
                        total=total,
                        source="Synthetic case audit" if is_percent else "Synthetic HR return",
                        recorded_by=manager,
                        recorded_at=_aware(day, 15 * 3600),
                    )
                )
        self.bulk(Measurement, measurements)
        self.counts.indicators += len(indicators)
        self.counts.measurements += len(measurements)


def generate(options: Options, log: Callable[[str], None] = lambda message: None) -> Counts:
    """Write the synthetic data set in one transaction; refuse where it does not belong."""
    if holds_synthetic_data():
        raise SyntheticDataRefused(
            "This database already holds synthetic data; generate into an empty database."
        )
    if holds_real_inspections() and not options.allow_real_data:
        raise SyntheticDataRefused(
            "This database holds real inspections. Synthetic data is marked, but it would sit "
            "beside them in every list: use a separate database, or pass --allow-real-data."
        )
    with transaction.atomic():
        return _Builder(options, log).run()
