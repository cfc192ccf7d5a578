"""The concrete steps a PDU takes against a recommendation, and the moves of their due dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .audit import AuditedFields, owner_name
from .recommendation import Recommendation


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Action(AuditedFields):
    """A concrete step a PDU takes against a recommendation."""

    AUDITED = ("due_date",)

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="owner (a person)",
    )
    owner = models.CharField(
        "owner (a role)",
        max_length=200,
        blank=True,
        help_text="For someone without an account: a role, for example Senior Probation Officer.",
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_name(self) -> str:
        return owner_name(self.owner_user, self.owner)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != ActionStatus.COMPLETE and self.due_date < today


class DueDateChange(models.Model):
    """A move of an action's due date, with the reason given for it."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="due_date_changes")
    old_due_date = models.DateField()
    new_due_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_due_date} to {self.new_due_date}"
