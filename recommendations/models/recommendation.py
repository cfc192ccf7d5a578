"""A recommendation, its HMPPS response and the position held on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.models import Categorisation, Inspection, PreviousRecommendationReview, Standard
from kirklees_tracker.paths import path_to

from .audit import AuditedFields, owner_name


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    VERIFIED = "verified", "Verified"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Response(models.TextChoices):
    """HMPPS's response to a recommendation in its action plan."""

    AGREED = "agreed", "Agreed"
    PARTLY_AGREED = "partly_agreed", "Partly agreed"
    NOT_AGREED = "not_agreed", "Not agreed"


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
    judgement = models.CharField(
        "progress judgement", max_length=20, choices=Categorisation.choices, blank=True
    )
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
                condition=Q(judgement__in=[*Categorisation.values, ""]),
                name="recommendation_judgement_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.inspection}"

    def get_absolute_url(self) -> str:
        return path_to("recommendation-detail", self.pk)

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
