"""The synthetic data set's options and counts, and the plain functions that shape it."""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.utils import timezone

from inspections.models import Categorisation

from ..models import RAG, Status
from .tables import TOWN_ENDS, TOWN_STARTS


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
            "judgement": rng.choice(["", Categorisation.NONE]),
            "improvement_still_required": rng.choice([None, True]),
        }
    if status == Status.IN_PROGRESS:
        return {
            "rag": rng.choice([RAG.RED, RAG.AMBER, RAG.AMBER, RAG.GREEN]),
            "judgement": rng.choice(
                [Categorisation.SOME, Categorisation.SOME, Categorisation.NONE]
            ),
            "improvement_still_required": True,
        }
    if status == Status.COMPLETE:
        return {
            "rag": RAG.GREEN,
            "judgement": rng.choice([Categorisation.SUFFICIENT, Categorisation.SOME]),
            "improvement_still_required": rng.choice([True, False]),
        }
    return {
        "rag": RAG.GREEN,
        "judgement": Categorisation.SUFFICIENT,
        "improvement_still_required": False,
    }


def _aware(day: datetime.date, seconds: int = 9 * 3600) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)
    return timezone.make_aware(moment)
