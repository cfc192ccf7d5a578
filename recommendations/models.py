"""What a PDU does about an inspection's recommendations.

Progress updates are the history: append-only, never edited. The position held on a
recommendation (status, RAG, progress) is a copy of its latest update's, written in
the same transaction as the update, so that lists can filter and count on it; the
position "as at" any date is computed from the updates alone (`recommendations.rules`).
"""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import (
    Categorisation,
    Inspection,
    KeyQuestion,
    PreviousRecommendationReview,
    Standard,
)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    VERIFIED = "verified", "Verified"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# A PDU judges its own progress on the inspectorate's scale.
Progress = Categorisation


class Response(models.TextChoices):
    """HMPPS's response to a recommendation in its action plan."""

    AGREED = "agreed", "Agreed"
    PARTLY_AGREED = "partly_agreed", "Partly agreed"
    NOT_AGREED = "not_agreed", "Not agreed"


class AuditedFieldError(Exception):
    """A dated or audited field changed outside the domain function that records who and why."""


class AuditedFields(models.Model):
    """Refuse a save that changes an audited field, unless the domain function writes it.

    The domain functions (`recommendations.plan`, `recommendations.actions`) record who
    changed what, when and why, then save inside `audited_write()`. Any other path (a
    shell, the admin, a script) that changes such a field is refused, so nothing a PDU
    recorded changes in silence.
    """

    AUDITED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        changed = self.audited_changes()
        if changed and not getattr(self, "_audited_write", False):
            raise AuditedFieldError(
                f"{', '.join(changed)} of {self} can only be changed through the tracker's "
                "own forms, which record who changed it, when and why."
            )
        super().save(*args, **kwargs)
        self._audited_loaded = {name: getattr(self, name) for name in self.AUDITED}
        self._audited_write = False

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audited_loaded = {
            name: getattr(instance, name) for name in cls.AUDITED if name in field_names
        }
        return instance

    def audited_changes(self) -> list[str]:
        loaded = getattr(self, "_audited_loaded", None)
        if self._state.adding or loaded is None:
            return []
        return [name for name, value in loaded.items() if getattr(self, name) != value]


def owner_name(user, role: str) -> str:
    """What pages and exports show as an owner: the person's name, or the role written."""
    if user is not None:
        return user.get_full_name() or user.get_username()
    return role


class Recommendation(AuditedFields):
    AUDITED = ("response", "response_reason", "owner", "owner_user_id", "target_date")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    standards = models.ManyToManyField(Standard, blank=True, related_name="recommendations")
    response = models.CharField(
        "HMPPS response", max_length=20, choices=Response.choices, blank=True
    )
    response_reason = models.TextField(
        blank=True, help_text="Why, where the response is Partly agreed or Not agreed."
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_recommendations",
        verbose_name="owner (a person)",
        help_text="A member of the PDU, so that the work can be assigned and reminded.",
    )
    owner = models.CharField(
        "owner (a role)",
        max_length=200,
        blank=True,
        help_text="For someone without an account: a role, for example Head of Service.",
    )
    target_date = models.DateField(null=True, blank=True)
    repeats = models.ForeignKey(
        PreviousRecommendationReview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        help_text="The previous inspection's recommendation this one repeats.",
    )

    # The current position: the latest update's, kept here for filtering and counting.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG", max_length=10, choices=RAG.choices, blank=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    improvement_still_required = models.BooleanField(null=True)
    position_updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["position_updated_at"])

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"], name="unique_recommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="recommendation_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(response__in=[*Response.values, ""]),
                name="recommendation_response_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="recommendation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(rag__in=[*RAG.values, ""]), name="recommendation_rag_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__in=[*Progress.values, ""]),
                name="recommendation_progress_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.inspection}"

    def get_absolute_url(self) -> str:
        return reverse("recommendation-detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return owner_name(self.owner_user, self.owner)

    def clean(self) -> None:
        if self.response in (Response.PARTLY_AGREED, Response.NOT_AGREED) and not (
            self.response_reason.strip()
        ):
            raise ValidationError(
                {"response_reason": "Give the reason where the response is not Agreed."}
            )


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


class AppendOnlyError(Exception):
    pass


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
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
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
                condition=Q(progress__in=[*Progress.values, ""]), name="update_progress_valid"
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


class Unit(models.TextChoices):
    PERCENT = "percent", "Per cent"
    PERCENT_OF_CAPACITY = "wmt", "% of WMT capacity"
    CASES = "cases", "Cases (n of N)"
    NUMBER = "number", "Number"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Indicator(models.Model):
    """Something measurable that shows whether a recommendation is working."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="indicators")
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="indicators")
    key_question = models.ForeignKey(
        KeyQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="Where the indicator is a key question's % Yes, so that measurements fall in "
        "the framework's bands.",
    )
    name = models.CharField(max_length=200)
    source = models.TextField(help_text="The report's sentence the baseline comes from.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    better = models.CharField(max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(max_digits=8, decimal_places=2)
    baseline_cases = models.PositiveIntegerField(null=True, blank=True)
    baseline_total = models.PositiveIntegerField(null=True, blank=True)
    baseline_date = models.DateField()
    target_value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "name"], name="unique_indicator_name"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_valid"),
            models.CheckConstraint(
                condition=Q(better__in=Direction.values), name="indicator_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    date = models.DateField()
    value = models.DecimalField(max_digits=8, decimal_places=2)
    cases = models.PositiveIntegerField(null=True, blank=True, help_text="n, of a case sample.")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="N, of a case sample.")
    source = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cases__isnull=True)
                | Q(total__isnull=True)
                | (Q(cases__lte=models.F("total")) & Q(total__gt=0)),
                name="measurement_cases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} on {self.date}"


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
