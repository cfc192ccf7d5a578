"""The rows one piece of work added to the test database, to add again without redoing the work.

Importing the Kirklees report takes about 150 queries and most of a test's time; the rows it
leaves behind go back in with one insert a table. `take` runs the work once in a clean database
(straight after the migrations) and rolls it back; `restore` puts the same rows back, with the
same primary keys, in a test whose database is still as clean. Times that the work stamped
with "now" are moved on to the time of the restore, so a test sees them as just written.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone


class _RolledBack(Exception):
    pass


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _counts(tables: list[type[models.Model]]) -> tuple[int, ...]:
    """How many rows each table holds, in one query."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


@dataclass(frozen=True)
class Snapshot:
    rows: list[tuple[type[models.Model], list[dict]]]
    counts_before: tuple[int, ...]
    started: datetime.datetime
    finished: datetime.datetime
    made_pk: object

    def fits(self) -> bool:
        """Whether this test's database is as the work found it, inside a transaction that the
        test rolls back (a transactional test commits, so it does the work itself)."""
        return connection.in_atomic_block and _counts(_tables()) == self.counts_before

    def restore(self):
        """Add the rows again; returns the primary key of what the work made."""
        shift = timezone.now() - self.started
        for model, rows in self.rows:
            model._base_manager.bulk_create([model(**self._moved_on(row, shift)) for row in rows])
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.rows])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return self.made_pk

    def _moved_on(self, row: dict, shift: datetime.timedelta) -> dict:
        return {
            name: value + shift
            if isinstance(value, datetime.datetime) and self.started <= value <= self.finished
            else value
            for name, value in row.items()
        }


def take(work: Callable[[], object]) -> Snapshot:
    """Run `work` (which returns the model instance it made) in a transaction rolled back
    afterwards, and keep the rows it added."""
    tables = _tables()
    counts_before = _counts(tables)
    before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in tables}
    try:
        with transaction.atomic():
            started = timezone.now()
            made = work()
            finished = timezone.now()
            rows = []
            for model in tables:
                added = model._base_manager.exclude(pk__in=before[model]).order_by("pk")
                values = list(added.values(*[f.attname for f in model._meta.concrete_fields]))
                if values:
                    rows.append((model, values))
            raise _RolledBack
    except _RolledBack:
        pass
    return Snapshot(rows, counts_before, started, finished, made.pk)
