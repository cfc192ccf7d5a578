"""Write every inspection, and everything recorded against it, to one JSON file.

The file holds Django's own serialisation of each model in `MODELS` (primary keys kept,
so that it loads back exactly), with people referred to by user name and listed in a
"users" section (names and e-mail only: no password hashes). It is a portable copy of
the inspection data, read back by `load_inspections`; the full backup of a server,
with accounts' passwords and the audit history, is `pg_dump` (see docs/operations.md).
Evidence is listed with its metadata and stored name; the files themselves live in
PRIVATE_MEDIA_ROOT and are copied with the folder.
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from inspections.models import (
    PDU,
    Framework,
    Inspection,
    KeyQuestion,
    KeyQuestionBand,
    Membership,
    PreviousRecommendationReview,
    Region,
    ScoreBand,
    Standard,
)
from recommendations.models import (
    Action,
    DueDateChange,
    Evidence,
    Indicator,
    Measurement,
    ProgressUpdate,
    Recommendation,
)

FORMAT = "inspection-tracker-inspections"
# 2: the self-assessed judgement is `judgement` (it was `progress` in version 1).
VERSION = 2

# In the order they load: each after everything it refers to.
MODELS = [
    Region,
    PDU,
    Membership,
    Framework,
    ScoreBand,
    KeyQuestionBand,
    Inspection,
    Standard,
    KeyQuestion,
    PreviousRecommendationReview,
    Recommendation,
    Action,
    DueDateChange,
    ProgressUpdate,
    Evidence,
    Indicator,
    Measurement,
]
# Many-to-many fields, prefetched so that serialising them costs one query per model.
PREFETCH = {Recommendation: ["standards"], Indicator: ["recommendations"]}
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


class Encoder(DjangoJSONEncoder):
    """Django's encoder, but times to the microsecond (it rounds them to milliseconds).

    Updates are ordered by their time, so a round trip must not change it.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def user_foreign_keys(model) -> list:
    """The model's foreign keys to a user, which the file gives as user names."""
    User = get_user_model()
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def dump() -> dict:
    """Everything, read in one transaction so that the file is a consistent snapshot."""
    with transaction.atomic():
        objects, user_ids = [], set()
        for model in MODELS:
            people = user_foreign_keys(model)
            queryset = (
                model._base_manager.order_by("pk")
                .select_related(*(field.name for field in people))
                .prefetch_related(*PREFETCH.get(model, []))
            )
            objects += serializers.serialize("python", queryset, use_natural_foreign_keys=True)
            for field in people:
                user_ids.update(
                    model._base_manager.exclude(**{field.attname: None}).values_list(
                        field.attname, flat=True
                    )
                )
        users = list(
            get_user_model()
            .objects.filter(pk__in=user_ids)
            .order_by("username")
            .values(*USER_FIELDS)
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "dumped_at": timezone.now(),
        "users": users,
        "objects": objects,
    }


class Command(BaseCommand):
    help = (
        "Write all inspections and everything under them (regions, PDUs, frameworks, "
        "standards, recommendations, actions, due-date changes, progress updates, evidence "
        "metadata, indicators and measurements) to a JSON file that load_inspections reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="The file to write (default: standard output).")
        parser.add_argument("--indent", type=int, default=None)

    def handle(self, output=None, indent=None, **options):
        data = dump()
        if output:
            with open(output, "w", encoding="utf-8") as file:
                json.dump(data, file, cls=Encoder, indent=indent, ensure_ascii=False)
            counts = {}
            for item in data["objects"]:
                counts[item["model"]] = counts.get(item["model"], 0) + 1
            summary = ", ".join(f"{count} {model}" for model, count in counts.items())
            self.stderr.write(f"Wrote {output}: {len(data['users'])} users, {summary}.")
        else:
            self.stdout.write(json.dumps(data, cls=Encoder, indent=indent, ensure_ascii=False))
