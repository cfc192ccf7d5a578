"""Progress updates, the append-only history of a recommendation, and their evidence."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.models import Categorisation

from .audit import AppendOnlyError
from .recommendation import RAG, Recommendation, Status


class UpdateKind(models.TextChoices):
    UPDATE = "update", "Progress update"
    VERIFICATION = "verification", "Verified"
    SENT_BACK = "sent_back", "Sent back"


class ProgressUpdate(models.Model):
    """One entry in a recommendation's history, and the position it leaves it in.

    Append-only: a wrong entry is corrected by a new one, never by editing this.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    what_was_done = models.TextField()
    impact = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField("RAG", max_length=10, choices=RAG.choices, blank=True)
    judgement = models.CharField(
        "progress judgement", max_length=20, choices=Categorisation.choices, blank=True
    )
    improvement_still_required = models.BooleanField(null=True)
    reason = models.TextField(
        blank=True, help_text="Why the recommendation was reopened, where it was."
    )
    kind = models.CharField(
        max_length=20,
        choices=UpdateKind.choices,
        default=UpdateKind.UPDATE,
        help_text="A PDU's own progress update, or a regional lead's verification or send-back.",
    )

    class Meta:
        ordering = ["recommendation", "-created_at", "-pk"]
        indexes = [models.Index(fields=["recommendation", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="update_status_valid"
            ),
            models.CheckConstraint(condition=Q(rag__in=[*RAG.values, ""]), name="update_rag_valid"),
            models.CheckConstraint(
                condition=Q(judgement__in=[*Categorisation.values, ""]),
                name="update_judgement_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UpdateKind.values), name="update_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.created_at:%d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Progress updates cannot be changed once saved.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Progress updates cannot be deleted.")

    @property
    def is_decision(self) -> bool:
        """A regional lead's verification or send-back, not the PDU's own work."""
        return self.kind != UpdateKind.UPDATE


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name never comes from the user: only the extension does.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{instance.uuid}{suffix}"


class Evidence(models.Model):
    """A file attached to a progress update, served only through a permission-checked view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["update", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name
