"""The synthetic data set's recommendations, their progress updates, actions and indicators."""

import datetime
from decimal import Decimal

from inspections.models import Inspection

from ..models import (
    Action,
    ActionStatus,
    Direction,
    DueDateChange,
    Indicator,
    Measurement,
    ProgressUpdate,
    Recommendation,
    Response,
    Status,
    Unit,
    UpdateKind,
)
from ..rules import ORDER
from .shapes import _aware, position_fields, status_sequence
from .tables import ACTION_TEXTS, OWNERS, RECOMMENDATION_TEXTS, UPDATE_TEXTS


class RecommendationsBuilder:
    """The recommendations of inspections an `InspectionsBuilder` has made, and their history."""

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
            recommendation.judgement = latest.judgement
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
