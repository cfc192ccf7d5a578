"""dump_inspections and load_inspections: everything out, everything back, nothing else."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from imports.management.commands.dump_inspections import MODELS
from inspections.models import Framework, Inspection, Membership, Region, Role
from recommendations.actions import move_due_date
from recommendations.models import (
    Direction,
    Evidence,
    Indicator,
    Measurement,
    ProgressUpdate,
    Recommendation,
    Status,
    Unit,
)
from tests import factory


@pytest.fixture
def recorded_work(kirklees, manager, lead):
    """Kirklees with updates (one reopened), actions, moved dates, indicators and evidence."""
    first, second = kirklees.recommendations.all()[:2]
    at = timezone.now() - datetime.timedelta(days=60)
    factory.update(first, manager, Status.IN_PROGRESS, at=at, rag="amber", judgement="some")
    factory.update(first, manager, Status.COMPLETE, rag="green", improvement_still_required=False)
    update = factory.update(first, lead, Status.IN_PROGRESS, reason="Not embedded", impact="Ünï")
    Evidence.objects.create(
        update=update,
        file="evidence/2026/11/4b6f.pdf",
        original_name="audit <results>.pdf",
        content_type="application/pdf",
        size=1234,
        uploaded_by=manager,
    )
    factory.update(second, manager, Status.IN_PROGRESS, what_was_done="=SUM(A1:A2)")
    action = factory.action(first, created_by=manager)
    move_due_date(
        action, new_due_date=action.due_date + datetime.timedelta(days=30), reason="A", by=manager
    )
    move_due_date(
        action, new_due_date=action.due_date + datetime.timedelta(days=7), reason="B", by=lead
    )
    question = kirklees.standards.get(code="P 2.1").key_questions.first()
    indicator = Indicator.objects.create(
        inspection=kirklees,
        key_question=question,
        name="Assessments that keep other people safe",
        source="In only 29 per cent of assessments...",
        unit=Unit.CASES,
        better=Direction.HIGHER,
        baseline_value=Decimal("29.00"),
        baseline_cases=12,
        baseline_total=41,
        baseline_date=datetime.date(2024, 11, 1),
        target_value=Decimal("65.50"),
    )
    indicator.recommendations.set([first, second])
    Measurement.objects.create(
        indicator=indicator,
        date=datetime.date(2025, 3, 31),
        value=Decimal("41.18"),
        cases=14,
        total=34,
        recorded_by=manager,
    )
    factory.pdu("Calderdale", in_region=kirklees.pdu.region)
    return kirklees


def canonical() -> dict:
    """Every row of every dumped table, with people as user names, independent of the dump."""
    User = get_user_model()
    usernames = dict(User.objects.values_list("pk", "username"))
    everything = {}
    for model in MODELS:
        rows = []
        for row in model._base_manager.order_by("pk").values():
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is User:
                    row[field.attname] = usernames.get(row[field.attname])
            for field in model._meta.many_to_many:
                row[field.name] = sorted(
                    model._base_manager.filter(pk=row["id"]).values_list(
                        f"{field.name}__pk", flat=True
                    )
                )
            rows.append(row)
        everything[model._meta.label] = rows
    return everything


def delete_everything() -> None:
    Inspection.objects.update(previous_inspection=None)
    for model in reversed(MODELS):
        model._base_manager.all().delete()
    get_user_model().objects.all().delete()


def dump(tmp_path) -> str:
    path = tmp_path / "inspections.json"
    call_command("dump_inspections", output=str(path), stderr=io.StringIO())
    return str(path)


def load(path: str) -> None:
    call_command("load_inspections", path, stdout=io.StringIO())


@pytest.mark.django_db
def test_everything_dumped_loads_back_identical(recorded_work, tmp_path):
    before = canonical()
    assert before["recommendations.DueDateChange"] and before["recommendations.Evidence"]
    path = dump(tmp_path)

    delete_everything()
    assert not ProgressUpdate.objects.exists()
    load(path)

    assert canonical() == before


@pytest.mark.django_db
def test_authors_come_back_by_user_name_without_a_usable_password(recorded_work, tmp_path):
    path = dump(tmp_path)
    delete_everything()

    load(path)

    manager = get_user_model().objects.get(username="manager")
    assert not manager.has_usable_password()
    assert ProgressUpdate.objects.filter(author=manager).count() == 3
    assert Membership.objects.get(user=manager).role == Role.MANAGER


@pytest.mark.django_db
def test_the_file_holds_no_password_hashes(recorded_work, tmp_path):
    text = Path(dump(tmp_path)).read_text(encoding="utf-8")

    assert "pbkdf2" not in text
    assert "password" not in text


@pytest.mark.django_db
def test_new_rows_after_loading_get_fresh_keys(recorded_work, tmp_path, lead):
    path = dump(tmp_path)
    delete_everything()
    load(path)

    recommendation = Recommendation.objects.first()
    author = get_user_model().objects.get(username="lead")
    made = factory.update(recommendation, author, Status.IN_PROGRESS)

    assert made.pk > max(u.pk for u in ProgressUpdate.objects.exclude(pk=made.pk))


@pytest.mark.django_db
def test_it_refuses_a_database_that_already_holds_inspections(recorded_work, tmp_path):
    path = dump(tmp_path)
    before = canonical()

    with pytest.raises(CommandError, match="already holds inspection data"):
        load(path)

    assert canonical() == before


@pytest.mark.django_db
def test_a_broken_file_loads_nothing(recorded_work, tmp_path):
    path = dump(tmp_path)
    delete_everything()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for row in data["objects"]:
        if row["model"] == "recommendations.measurement":
            row["fields"]["indicator"] = 999_999  # refers to nothing
    Path(path).write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="nothing was changed"):
        load(path)

    assert not Region.objects.exists()
    assert not Framework.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_file_of_another_kind(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('[{"model": "auth.user", "pk": 1, "fields": {}}]')

    with pytest.raises(CommandError, match="not a dump_inspections file"):
        load(str(path))


@pytest.mark.django_db
def test_a_file_from_version_1_loads_with_its_judgements_under_their_new_name(
    recorded_work, tmp_path
):
    before = canonical()
    path = Path(dump(tmp_path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    for row in data["objects"]:
        if row["model"] in ("recommendations.recommendation", "recommendations.progressupdate"):
            row["fields"]["progress"] = row["fields"].pop("judgement")
    path.write_text(json.dumps(data), encoding="utf-8")

    delete_everything()
    load(str(path))

    assert canonical() == before
    assert ProgressUpdate.objects.filter(judgement="some").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("version", [99, 0, 1.0, True, "2", None])
def test_it_refuses_a_file_of_an_unknown_version(recorded_work, tmp_path, version):
    path = Path(dump(tmp_path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = version
    path.write_text(json.dumps(data), encoding="utf-8")
    delete_everything()

    with pytest.raises(CommandError, match="versions 1 to 2"):
        load(str(path))
    assert not Recommendation.objects.exists()
