"""Read a `dump_inspections` file into an empty database, all of it or nothing.

Rows keep their primary keys, so links between them (and URLs) survive the round trip.
People are matched by user name; one missing from this database is created without a
usable password (an administrator sets one), so that every update keeps its author.
Rows are written with bulk_create, as they were read: no model's save() runs (progress
updates stay as they were, append-only) and no audit-history rows are added.
"""

import json
import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from inspections.models import PDU, Framework, Inspection, Region

from .dump_inspections import FORMAT, MODELS, USER_FIELDS, VERSION, user_foreign_keys

BATCH_SIZE = 2000

# The fields each version renamed, by model: a file from an earlier version still loads.
RENAMED_IN = {
    2: {
        "recommendations.recommendation": {"progress": "judgement"},
        "recommendations.progressupdate": {"progress": "judgement"},
    },
}


def upgrade(rows: list[dict], version: int) -> list[dict]:
    """`rows` from a file of `version`, with the fields later versions renamed renamed."""
    for later in range(version + 1, VERSION + 1):
        for row in rows:
            renames = RENAMED_IN.get(later, {}).get(str(row.get("model", "")).lower(), {})
            fields = row.get("fields")
            for old, new in renames.items():
                if isinstance(fields, dict) and old in fields:
                    fields[new] = fields.pop(old)
    return rows


def load(data: dict) -> int:
    version = data.get("version")
    known = type(version) is int and 1 <= version <= VERSION  # not True, nor 1.0
    if data.get("format") != FORMAT or not known:
        raise CommandError(f"This is not a dump_inspections file (versions 1 to {VERSION}).")
    with transaction.atomic():
        if Region.objects.exists() or PDU.objects.exists() or Inspection.objects.exists():
            raise CommandError(
                "This database already holds inspection data; load into an empty one "
                "(after `migrate`)."
            )
        # The frameworks `migrate` seeds are replaced by the file's own, keys and all.
        Framework.objects.all().delete()
        user_pks = _ensure_users(data["users"])
        rows = _with_user_pks(upgrade(data["objects"], version), user_pks)
        by_model: dict = {model: [] for model in MODELS}
        links: dict = {}
        for item in serializers.deserialize("python", rows):
            model = type(item.object)
            if model not in by_model:
                raise CommandError(f"The file holds {model._meta.label}, which it should not.")
            by_model[model].append(item.object)
            for name, pks in (item.m2m_data or {}).items():
                field = model._meta.get_field(name)
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                links.setdefault(through, []).extend(
                    through(**{f"{source}_id": item.object.pk, f"{target}_id": pk}) for pk in pks
                )
        for model, objects in [*by_model.items(), *links.items()]:
            model._base_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        tables = [*MODELS, *links]
        connection.check_constraints(table_names=[model._meta.db_table for model in tables])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(statement)
    return sum(len(objects) for objects in by_model.values())


def _ensure_users(users: list[dict]) -> dict[str, int]:
    User = get_user_model()
    existing = dict(User.objects.values_list("username", "pk"))
    for fields in users:
        if fields["username"] in existing:
            continue
        user = User(**{name: fields[name] for name in USER_FIELDS if name in fields})
        user.set_unusable_password()
        user.save()
        existing[user.username] = user.pk
    return existing


def _with_user_pks(rows: list[dict], user_pks: dict[str, int]) -> list[dict]:
    """Swap user names for this database's keys, which saves a query per row."""
    fields_of = {}
    for row in rows:
        label = row.get("model", "")
        if label not in fields_of:
            try:
                fields_of[label] = [f.name for f in user_foreign_keys(apps.get_model(label))]
            except (LookupError, ValueError):
                raise CommandError(f"The file holds an unknown model {label!r}.") from None
        for name in fields_of[label]:
            value = row["fields"].get(name)
            if value is not None:
                try:
                    row["fields"][name] = user_pks[value[0]]
                except (KeyError, IndexError, TypeError):
                    raise CommandError(
                        f"{label} {row.get('pk')}: {name} {value!r} is not in the users list."
                    ) from None
    return rows


class Command(BaseCommand):
    help = (
        "Load a dump_inspections JSON file into an empty (migrated) database, in one "
        "transaction: everything is loaded or nothing is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help='The file dump_inspections wrote ("-" for standard input).'
        )

    def handle(self, path, **options):
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as file:
                    data = json.load(file)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except ValueError as error:
            raise CommandError(f"{path} is not JSON: {error}.") from None
        if not isinstance(data, dict):
            raise CommandError(f"{path} is not a dump_inspections file.")
        try:
            loaded = load(data)
        except (DatabaseError, serializers.base.DeserializationError) as error:
            raise CommandError(f"{path} was not loaded; nothing was changed: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {loaded} rows and {len(data['users'])} users.")
        )
