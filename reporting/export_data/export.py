"""An export's data "as at" a date, of one inspection, a region or a list of recommendations.

An export knows what it covers (its `Selection`) and reads its rows when asked, in one of
two ways:

- `sections_in_chunks()` reads a few inspections at a time (`INSPECTIONS_PER_CHUNK`), each
  chunk in a fixed number of queries, with positions picked in SQL, so that a CSV or a
  spreadsheet of every PDU is written out in bounded memory.
- `sections` and `weeks` read the whole export at once, with every update's status and
  RAG for the weekly counts, as the PDF needs them (it lays the export out as a whole).

Either way a single chunk takes the same queries, so that an export's query count is the
same whatever its format.
"""

import datetime
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from django.db.models import Q, QuerySet
from django.utils.text import slugify

from inspections.models import Inspection, PreviousRecommendationReview, Region
from recommendations.models import Recommendation
from recommendations.queries import with_inspections
from reporting.forms import PREVIOUS_RECOMMENDATIONS
from reporting.status_over_time import (
    Tracked,
    Week,
    positions_as_at,
    updates_by_recommendation,
    weekly_counts,
)

from .queries import (
    forget_sections,
    inspections_for_export_data,
    latest_inspection_ids,
    positions_in_sql,
    read_sections,
)
from .rows import Section

# Enough to keep the queries per export few (a national list of 216 inspections is 11
# chunks), few enough that a chunk's rows take a few MiB at most.
INSPECTIONS_PER_CHUNK = 20


class Selection(Protocol):
    """What an export covers: its inspections, in the export's order, and their recommendations."""

    def inspection_chunks(self, size: int | None) -> Iterator[list[Inspection]]:
        """The inspections, `size` at a time (all at once if None), as `inspections_for_export_data`
        gives them."""

    def recommendations(self, inspections: Sequence[Inspection]) -> QuerySet[Recommendation]:
        """The recommendations of `inspections` the export covers."""

    def all_recommendations(self) -> QuerySet[Recommendation]:
        """Every recommendation the export covers."""


def _in_order(recommendations: QuerySet[Recommendation], inspections) -> list[Recommendation]:
    """`recommendations`, each with its inspection (one of `inspections`) attached."""
    return with_inspections(
        recommendations.select_related("owner_user").order_by("inspection_id", "number"),
        inspections,
    )


@dataclass
class OneInspection:
    inspection: Inspection  # from `inspections_for_export_data()`

    def inspection_chunks(self, size: int | None) -> Iterator[list[Inspection]]:
        yield [self.inspection]

    def recommendations(self, inspections: Sequence[Inspection]) -> QuerySet[Recommendation]:
        return self.all_recommendations()

    def all_recommendations(self) -> QuerySet[Recommendation]:
        return Recommendation.objects.filter(inspection=self.inspection)


@dataclass
class RegionsLatest:
    """The latest inspection of each PDU of a region."""

    region: Region

    @cached_property
    def inspection_ids(self) -> list[int]:
        return latest_inspection_ids(Q(pdu__region=self.region))

    def inspection_chunks(self, size: int | None) -> Iterator[list[Inspection]]:
        ids = self.inspection_ids
        for start in range(0, len(ids), size or max(len(ids), 1)):
            chunk = ids[start : start + size] if size else ids
            yield list(
                inspections_for_export_data()
                .filter(pk__in=chunk)
                .order_by("pdu__name", "published")
            )

    def recommendations(self, inspections: Sequence[Inspection]) -> QuerySet[Recommendation]:
        return Recommendation.objects.filter(inspection__in=[i.pk for i in inspections])

    def all_recommendations(self) -> QuerySet[Recommendation]:
        return Recommendation.objects.filter(inspection__in=self.inspection_ids)


@dataclass
class Listed:
    """The recommendations a (filtered) list shows, grouped by inspection."""

    listed: QuerySet[Recommendation]

    def inspection_chunks(self, size: int | None) -> Iterator[list[Inspection]]:
        inspections = (
            inspections_for_export_data()
            .filter(pk__in=self.listed.values("inspection_id"))
            .order_by("pdu__name", "published", "pk")
        )
        if size is None:
            yield list(inspections)
            return
        for start in itertools.count(0, size):
            chunk = list(inspections[start : start + size])
            if chunk:
                yield chunk
            if len(chunk) < size:
                return

    def recommendations(self, inspections: Sequence[Inspection]) -> QuerySet[Recommendation]:
        return self.listed.filter(inspection__in=[i.pk for i in inspections])

    def all_recommendations(self) -> QuerySet[Recommendation]:
        return self.listed


@dataclass
class ExportData:
    title: str
    scope: str  # what the filename starts with
    as_at: datetime.date
    layout: str
    several_pdus: bool
    selection: Selection
    region: Region | None = None
    notes: list[str] = field(default_factory=list)

    def sections_in_chunks(self) -> Iterator[Section]:
        """The export's sections, read `INSPECTIONS_PER_CHUNK` inspections at a time."""
        for inspections in self.selection.inspection_chunks(INSPECTIONS_PER_CHUNK):
            recommendations = _in_order(self.selection.recommendations(inspections), inspections)
            positions = positions_in_sql([r.pk for r in recommendations], self.as_at)
            written = []
            for section in read_sections(
                inspections, recommendations, positions, as_at=self.as_at, layout=self.layout
            ):
                yield section
                written.append(section)
            forget_sections(inspections, written)

    @cached_property
    def _whole(self) -> tuple[list[Section], list[Week]]:
        inspections = [i for chunk in self.selection.inspection_chunks(None) for i in chunk]
        recommendations = _in_order(self.selection.recommendations(inspections), inspections)
        ids = [r.pk for r in recommendations]
        # Every update's position fields, read once: the weekly counts need them all.
        updates = updates_by_recommendation(ids)
        positions = positions_as_at(ids, updates, self.as_at)
        sections = list(
            read_sections(
                inspections, recommendations, positions, as_at=self.as_at, layout=self.layout
            )
        )
        tracked = [Tracked(rec.pk, rec.inspection.published) for rec in recommendations]
        return sections, weekly_counts(tracked, updates, self.as_at)

    @property
    def sections(self) -> list[Section]:
        """Every section, read at once."""
        return self._whole[0]

    @property
    def weeks(self) -> list[Week]:
        """Counts of the export's recommendations by status and RAG at the end of each week,
        as the status pages count them (`weekly_counts`), up to the as-at day."""
        return self._whole[1]

    @cached_property
    def has_later_reviews(self) -> bool:
        """In HMIP's layout, whether a later inspection published by the day reviewed any of
        the export's recommendations (the columns depend on it, so it is known first)."""
        if self.layout != PREVIOUS_RECOMMENDATIONS:
            return False
        if "_whole" in self.__dict__:
            return any(row.later for section in self.sections for row in section.rows)
        return PreviousRecommendationReview.objects.filter(
            reviews_recommendation__in=self.selection.all_recommendations().values("pk"),
            inspection__published__lte=self.as_at,
        ).exists()

    def filename(self, fmt: str) -> str:
        kind = PREVIOUS_RECOMMENDATIONS if self.layout == PREVIOUS_RECOMMENDATIONS else "progress"
        return f"{self.scope}-{kind}-as-at-{self.as_at:%Y-%m-%d}.{fmt}"


def inspection_export_data(inspection: Inspection, as_at: datetime.date, layout: str) -> ExportData:
    """Expects `inspection` from `inspections_for_export_data()`."""
    return ExportData(
        title=f"{inspection.pdu.name} PDU: progress on the {inspection.published:%B %Y} "
        "inspection's recommendations",
        scope=f"{slugify(inspection.pdu.name)}-{inspection.published:%Y-%m}",
        as_at=as_at,
        layout=layout,
        several_pdus=False,
        selection=OneInspection(inspection),
        region=inspection.pdu.region,
    )


def region_export_data(region: Region, as_at: datetime.date, layout: str) -> ExportData:
    return ExportData(
        title=f"{region.name}: progress on inspection recommendations",
        scope=slugify(region.name),
        as_at=as_at,
        layout=layout,
        several_pdus=True,
        selection=RegionsLatest(region),
        region=region,
    )


def list_export_data(
    recommendations: QuerySet[Recommendation], as_at: datetime.date, layout: str
) -> ExportData:
    """The recommendations a (filtered) list shows, grouped by inspection."""
    return ExportData(
        title="Progress on inspection recommendations",
        scope="recommendations",
        as_at=as_at,
        layout=layout,
        several_pdus=True,
        selection=Listed(recommendations),
    )
