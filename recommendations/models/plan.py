"""Changes to a recommendation's action plan, and the plan spreadsheets managers upload."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.models import Inspection

from .audit import AppendOnlyError
from .recommendation import Recommendation, Response


class PlanField(models.TextChoices):
    RESPONSE = "response", "HMPPS response"
    RESPONSE_REASON = "response_reason", "Reason for the response"
    OWNER = "owner", "Owner"
    TARGET_DATE = "target_date", "Target date"
    STANDARDS = "standards", "Standards addressed"


class PlanChange(models.Model):
    """One change to a recommendation's action plan: who, when, from and to, and why.

    Values are kept as text: a response's code, a date in ISO form, an owner's name as
    shown then, the standards' codes joined by commas. Append-only, like progress updates.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="plan_changes"
    )
    field = models.CharField(max_length=20, choices=PlanField.choices)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["recommendation", "-changed_at", "-pk"]
        indexes = [models.Index(fields=["recommendation", "changed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=PlanField.values), name="plan_change_field_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} changed on {self.changed_at:%d %B %Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Plan changes cannot be changed once saved.")
        super().save(*args, **kwargs)

    def display(self, value: str) -> str:
        """A stored value as a person reads it."""
        if not value:
            return "Not set"
        if self.field == PlanField.RESPONSE:
            return Response(value).label if value in Response.values else value
        if self.field == PlanField.TARGET_DATE:
            try:
                return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
            except ValueError:
                return value
        return value

    @property
    def old_display(self) -> str:
        return self.display(self.old_value)

    @property
    def new_display(self) -> str:
        return self.display(self.new_value)


class PlanUpload(models.Model):
    """An action plan spreadsheet a manager uploaded, kept until they confirm its changes.

    The file's bytes are kept in the database, so that any app server can show the preview
    and apply it. `download_token` is the downloaded plan's own id: once one upload of it is
    applied, no other upload of the same download can be.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    content = models.BinaryField()
    download_token = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name}, uploaded {self.created_at:%d %B %Y %H:%M}"
