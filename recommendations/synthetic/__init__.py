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

from collections.abc import Callable

from django.db import transaction

from inspections.models import Inspection, Region

from .inspections import InspectionsBuilder
from .recommendations import RecommendationsBuilder
from .shapes import (
    Counts,
    Options,
    _aware,
    months_before,
    pdu_counts,
    position_fields,
    status_sequence,
    town_names,
)
from .tables import (
    ACTION_TEXTS,
    BATCH_SIZE,
    LEAD_USERNAME,
    MANAGER_USERNAME,
    OWNERS,
    PREFIX,
    RECOMMENDATION_TEXTS,
    REGION_NAME,
    SOURCE_NAME,
    STANDARDS,
    TOWN_ENDS,
    TOWN_STARTS,
    UPDATE_TEXTS,
)


class SyntheticDataRefused(Exception):
    """The database is not one to generate into; the message says why."""


class Builder(InspectionsBuilder, RecommendationsBuilder):
    """Every row of the data set: the inspections' side, then the recommendations' side."""


def holds_real_inspections() -> bool:
    return Inspection.objects.exclude(pdu__name__startswith=PREFIX).exists()


def holds_synthetic_data() -> bool:
    return Region.objects.filter(name__startswith=PREFIX).exists()


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
        return Builder(options, log).run()


__all__ = [
    "ACTION_TEXTS",
    "BATCH_SIZE",
    "LEAD_USERNAME",
    "MANAGER_USERNAME",
    "OWNERS",
    "PREFIX",
    "RECOMMENDATION_TEXTS",
    "REGION_NAME",
    "SOURCE_NAME",
    "STANDARDS",
    "TOWN_ENDS",
    "TOWN_STARTS",
    "UPDATE_TEXTS",
    "Builder",
    "Counts",
    "Options",
    "SyntheticDataRefused",
    "_aware",
    "generate",
    "holds_real_inspections",
    "holds_synthetic_data",
    "months_before",
    "pdu_counts",
    "position_fields",
    "status_sequence",
    "town_names",
]
