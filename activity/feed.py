"""Every event in a user's scope, newest first: who did what, and when.

The events come from six sources (`activity.sources`), each a `values()` queryset selecting
the same named columns; one UNION ALL of them, ordered by time and sliced in SQL, gives a
page of events whole. A page therefore costs two queries (its count and its rows) however
many events there are and whichever kinds they are. `activity.events` turns a row into the
event shown.
"""

import datetime
from collections.abc import Collection, Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone

from inspections.access import access_for
from inspections.models import PDU
from recommendations.rules import end_of_day

from .events import Event, to_event
from .sources import COLUMNS, KINDS, SOURCES, select_columns

__all__ = ["COLUMNS", "KINDS", "ActivityFeed", "Event", "events_for", "to_event"]


class ActivityFeed:
    """The events, newest first, as a sequence a `Paginator` can count and slice in SQL."""

    def __init__(self, queryset: QuerySet | None):
        self.queryset = queryset

    def count(self) -> int:
        return 0 if self.queryset is None else self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        if not isinstance(index, slice):
            raise TypeError("An activity feed is read a page (a slice) at a time.")
        if self.queryset is None:
            return []
        return [to_event(row) for row in self.queryset[index]]

    def __iter__(self) -> Iterator[Event]:
        if self.queryset is None:
            return
        for row in self.queryset.iterator(chunk_size=1000):
            yield to_event(row)


def events_for(
    user,
    *,
    since: datetime.datetime | datetime.date,
    until: datetime.datetime | datetime.date | None = None,
    pdu: PDU | int | None = None,
    kinds: Collection[str] | None = None,
) -> ActivityFeed:
    """Every event `user` may see from `since` (and before `until`), newest first.

    A date means the whole of that day in the service's time zone: `since` from its start,
    `until` to its end. `pdu` narrows to one PDU (one the user may not see gives nothing);
    `kinds` to some of `KINDS` (None or empty: every kind).
    """
    access = access_for(user)
    start = _start_of(since)
    end = _end_of(until) if until is not None else None
    pdu_id = pdu.pk if isinstance(pdu, PDU) else pdu
    wanted = set(kinds or KINDS)
    branches = []
    for source in SOURCES:
        chosen = [kind for kind in source.kinds if kind in wanted]
        if not chosen:
            continue
        scope = access.pdu_filter(source.pdu_path) & Q(**{f"{source.at}__gte": start})
        if end is not None:
            scope &= Q(**{f"{source.at}__lte": end})
        if pdu_id is not None:
            scope &= Q(**{f"{source.pdu_path}pk": pdu_id})
        queryset, columns = source.build(scope)
        if len(chosen) < len(source.kinds):
            queryset = queryset.filter(**{f"{columns['kind']}__in": chosen})
        branches.append(select_columns(queryset, **columns))
    if not branches:
        return ActivityFeed(None)
    union = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return ActivityFeed(union.order_by("-ev_at", "-ev_kind", "-ev_id"))


def _end_of(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return end_of_day(moment)


def _start_of(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))
