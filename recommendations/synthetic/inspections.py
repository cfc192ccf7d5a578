"""The synthetic data set's regions, PDUs and people, and each PDU's chain of inspections:
their findings and their reviews of the previous inspection's recommendations."""

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
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

from ..models import Recommendation
from .shapes import Counts, Options, _aware, months_before, pdu_counts, town_names
from .tables import (
    BATCH_SIZE,
    LEAD_USERNAME,
    MANAGER_USERNAME,
    PREFIX,
    REGION_NAME,
    SOURCE_NAME,
    STANDARDS,
)


class InspectionsBuilder:
    """Builds the rows in memory, in dependency order, and writes each kind in batches.

    The recommendations and what follows them are `RecommendationsBuilder`'s.
    """

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
