"""Data for the page tests: recommendations with a history of some size, and files to attach."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from recommendations.actions import move_due_date
from recommendations.models import (
    RAG,
    Direction,
    Evidence,
    Indicator,
    Recommendation,
    Status,
    Unit,
)
from tests import factory

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# A history that moves forward and back, so that every update is a legal step.
STATUS_CYCLE = [Status.IN_PROGRESS, Status.COMPLETE, Status.IN_PROGRESS]


def use_private_storage(settings, tmp_path) -> None:
    """Keep uploaded evidence in a temporary folder for the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def give_history(
    recommendation: Recommendation,
    author,
    *,
    actions: int = 2,
    updates: int = 3,
    evidence=True,
    indicators: int = 1,
) -> None:
    """Standards, actions (some overdue, each moved once), updates (each with a file) and
    indicators (each with measurements)."""
    today = timezone.localdate()
    for n in range(indicators):
        indicator = Indicator.objects.create(
            inspection=recommendation.inspection,
            name=f"Indicator {n} of recommendation {recommendation.number}",
            source="A sentence of the report.",
            unit=Unit.PERCENT,
            better=Direction.HIGHER,
            baseline_value=40,
            baseline_date=today - datetime.timedelta(days=100),
        )
        indicator.recommendations.add(recommendation)
        for days in (60, 30):
            indicator.measurements.create(
                date=today - datetime.timedelta(days=days), value=40 + days / 10
            )
    recommendation.standards.set(recommendation.inspection.standards.all()[:2])
    for n in range(actions):
        action = factory.action(
            recommendation, due_date=today + datetime.timedelta(days=-10 if n % 2 else 20)
        )
        move_due_date(
            action,
            new_due_date=action.due_date + datetime.timedelta(days=7),
            reason="Staff shortage",
            by=author,
        )
    for n in range(updates):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        if recommendation.status == status:
            status = Status.IN_PROGRESS if status == Status.COMPLETE else Status.COMPLETE
        update = factory.update(
            recommendation,
            author,
            status=status,
            rag=RAG.AMBER,
            reason="Reopened for more work",
            what_was_done=f"Step {n}",
        )
        if evidence:
            Evidence.objects.create(
                update=update,
                uploaded_by=author,
                file=ContentFile(PDF, name="note.pdf"),
                original_name=f"note {n}.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )


def give_every_recommendation_history(inspection, author, **sizes) -> None:
    for recommendation in inspection.recommendations.all():
        give_history(recommendation, author, **sizes)
