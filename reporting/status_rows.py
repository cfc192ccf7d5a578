"""The progress updates the status pages read: every field of a position (`UpdateRow`), only
the time, status and RAG (`StatusRow`), or only the updates that changed the status or the RAG
(`status_changes`), each in one query and oldest first per recommendation.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast

from recommendations.models import ProgressUpdate


class UpdateRow(NamedTuple):
    """The fields of a progress update that make a position, and nothing else."""

    recommendation_id: int
    created_at: datetime.datetime
    pk: int
    status: str
    rag: str
    judgement: str
    improvement_still_required: bool | None
    kind: str


UPDATE_FIELDS = UpdateRow._fields


def updates_by_recommendation(recommendation_ids: Iterable[int]) -> dict[int, list[UpdateRow]]:
    """Every update of these recommendations, oldest first, in one query."""
    grouped: dict[int, list[UpdateRow]] = defaultdict(list)
    rows = (
        ProgressUpdate.objects.filter(recommendation_id__in=list(recommendation_ids))
        .order_by("created_at", "pk")
        .values_list(*UPDATE_FIELDS)
    )
    for row in rows:
        grouped[row[0]].append(UpdateRow(*row))
    return grouped


class StatusRow(NamedTuple):
    """What the weekly counts and the strips need of an update: the first fields of `UpdateRow`."""

    recommendation_id: int
    created_at: datetime.datetime
    pk: int
    status: str
    rag: str


STATUS_FIELDS = StatusRow._fields
assert UPDATE_FIELDS[: len(STATUS_FIELDS)] == STATUS_FIELDS  # either kind of row will do


def statuses_by_recommendation(
    recommendation_ids: Iterable[int],
) -> dict[int, list[StatusRow]]:
    """Every update's time, status and RAG, oldest first per recommendation, in one query.

    All the status pages need. The time comes as text and is parsed by
    `datetime.fromisoformat`: the timestamptz loader Django installs for psycopg runs in
    Python and costs several microseconds a row, which at a region's thousands of updates was
    most of the query's time. The text carries its offset on PostgreSQL; SQLite stores UTC.
    """
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    rows = (
        ProgressUpdate.objects.filter(recommendation_id__in=list(recommendation_ids))
        .order_by("recommendation_id", "created_at", "pk")
        .values_list("recommendation_id", Cast("created_at", TextField()), "pk", "status", "rag")
    )
    parse, utc, new = datetime.datetime.fromisoformat, datetime.UTC, tuple.__new__
    for recommendation_id, text, pk, status, rag in rows:
        moment = parse(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        grouped[recommendation_id].append(
            new(StatusRow, (recommendation_id, moment, pk, status, rag))
        )
    return grouped


@dataclass
class StatusChanges:
    """The updates that changed a recommendation's status or RAG, oldest first per recommendation,
    and for each recommendation with updates a tally of those made by `tally_until`: how many,
    and the sum of their keys (what the stored weeks' fingerprint is made of)."""

    rows: dict[int, list[StatusRow]]
    tallies: dict[int, tuple[int, int]]


# The updates that changed the status or the RAG: each update beside the one before it (LAG over
# the recommendation's updates in time order), with two tallies over all of them; of the changes
# made by `since`, only the last (the position then) is kept. The time is cast to text only for
# the rows kept (see `statuses_by_recommendation`). Written as SQL because the ORM cannot filter
# on a window over a filtered window. Runs on SQLite (>= 3.30: FILTER over a window) and
# PostgreSQL alike.
STATUS_CHANGES_SQL = """
SELECT recommendation_id, CAST(created_at AS TEXT), id, status, rag, tally, tally_keys FROM (
    SELECT *, LEAD(created_at) OVER (
        PARTITION BY recommendation_id ORDER BY created_at, id
    ) AS next_change FROM (
        SELECT recommendation_id, created_at, id, status, rag,
            LAG(status || '/' || rag) OVER (
                PARTITION BY recommendation_id ORDER BY created_at, id
            ) AS previous,
            COUNT(*) FILTER (WHERE created_at <= %s) OVER (PARTITION BY recommendation_id)
                AS tally,
            SUM(id) FILTER (WHERE created_at <= %s) OVER (PARTITION BY recommendation_id)
                AS tally_keys
        FROM {table} WHERE recommendation_id IN ({ids})
    ) AS updates
    WHERE previous IS NULL OR previous <> status || '/' || rag
) AS changes
WHERE created_at > %s OR next_change IS NULL OR next_change > %s
ORDER BY recommendation_id, created_at, id
"""
LONG_AGO = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)


def status_changes(
    recommendation_ids: Iterable[int],
    *,
    tally_until: datetime.datetime | None = None,
    since: datetime.datetime | None = None,
) -> StatusChanges:
    """The updates that changed the status or the RAG, oldest first, in one query.

    They give the same weekly counts and strips as every update would, since an update that
    repeats the position before it changes nothing. With `since`, of the changes made by then
    only the last is read: enough for strips and counts from then on. Tallies count all the
    updates made by `tally_until` (none if it is None).
    """
    ids = [int(pk) for pk in recommendation_ids]
    grouped: dict[int, list[StatusRow]] = defaultdict(list)
    tallies: dict[int, tuple[int, int]] = {}
    if not ids:
        return StatusChanges(grouped, tallies)
    connection = connections[ProgressUpdate.objects.db]
    sql = STATUS_CHANGES_SQL.format(
        table=connection.ops.quote_name(ProgressUpdate._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    prepare = ProgressUpdate._meta.get_field("created_at").get_db_prep_value
    until, since = (prepare(m or LONG_AGO, connection) for m in (tally_until, since))
    with connection.cursor() as cursor:
        cursor.execute(sql, [until, until, *ids, since, since])
        rows = cursor.fetchall()
    parse, utc, new = datetime.datetime.fromisoformat, datetime.UTC, tuple.__new__
    for recommendation_id, text, pk, status, rag, tally, tally_keys in rows:
        moment = parse(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        grouped[recommendation_id].append(
            new(StatusRow, (recommendation_id, moment, pk, status, rag))
        )
        tallies[recommendation_id] = (tally, tally_keys or 0)
    return StatusChanges(grouped, tallies)
