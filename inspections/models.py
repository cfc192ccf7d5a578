"""What the inspectorate publishes: regions, PDUs, frameworks, inspections and their findings.

Ratings and scores are stored exactly as published. What the framework's bands would
suggest is computed beside them (see `inspections.rules`) and never written over them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kirklees_tracker.paths import path_to


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Categorisation(models.TextChoices):
    """HMIP's judgement of progress on a previous recommendation."""

    SUFFICIENT = "sufficient", "Sufficient progress"
    SOME = "some", "Some progress"
    NONE = "none", "No progress"


class Domain(models.IntegerChoices):
    ORGANISATIONAL = 1, "Organisational arrangements and activity"
    SERVICE_DELIVERY = 2, "Service delivery"


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_to("region-detail", self.pk)


class PDU(models.Model):
    """A Probation Delivery Unit. Named as the inspectorate names it, without "PDU"."""

    name = models.CharField(max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="pdus")

    class Meta:
        ordering = ["name"]
        verbose_name = "PDU"
        verbose_name_plural = "PDUs"

    def __str__(self) -> str:
        return self.name


class Framework(models.Model):
    """The inspection standards in force and how ratings turn into a score and back.

    Kept as data because the inspectorate changes it between programmes (the
    2021-23 programme scored out of 27; the 2024 PDU framework out of 21).
    """

    name = models.CharField(max_length=100, unique=True)
    max_score = models.PositiveSmallIntegerField()
    points_outstanding = models.PositiveSmallIntegerField(default=3)
    points_good = models.PositiveSmallIntegerField(default=2)
    points_requires_improvement = models.PositiveSmallIntegerField(default=1)
    points_inadequate = models.PositiveSmallIntegerField(default=0)
    bands_confirmed = models.BooleanField(
        default=False,
        help_text="Off while the score and key-question bands are a reading of the "
        "inspectorate's practice rather than a published table.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def points_for(self, rating: str) -> int:
        return {
            Rating.OUTSTANDING: self.points_outstanding,
            Rating.GOOD: self.points_good,
            Rating.REQUIRES_IMPROVEMENT: self.points_requires_improvement,
            Rating.INADEQUATE: self.points_inadequate,
        }[rating]


class ScoreBand(models.Model):
    """Scores from `min_score` to `max_score` inclusive give `rating` overall."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="score_bands")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    min_score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "min_score"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rating"], name="unique_score_band"),
            models.CheckConstraint(
                condition=Q(min_score__lte=models.F("max_score")), name="score_band_in_order"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="score_band_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_score}-{self.max_score}: {self.get_rating_display()}"


class KeyQuestionBand(models.Model):
    """A key question answered "Yes" in `min_percent` to `max_percent` of cases rates `rating`."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="key_question_bands"
    )
    rating = models.CharField(max_length=30, choices=Rating.choices)
    min_percent = models.PositiveSmallIntegerField()
    max_percent = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "rating"], name="unique_key_question_band"
            ),
            models.CheckConstraint(
                condition=Q(min_percent__lte=models.F("max_percent")) & Q(max_percent__lte=100),
                name="key_question_band_in_order",
            ),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="key_question_band_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_percent}-{self.max_percent}%: {self.get_rating_display()}"


class Inspection(models.Model):
    """One published inspection of one PDU.

    An inspection known only because a later report refers to it (its month and
    rating, say) is kept with `report_imported` off and most figures empty, so that
    importing its own report later fills it in.
    """

    pdu = models.ForeignKey(PDU, on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="inspections", null=True, blank=True
    )
    published = models.DateField(help_text="The month of publication (stored as its first day).")
    fieldwork_started = models.DateField(
        null=True, blank=True, help_text="The month fieldwork began (stored as its first day)."
    )
    overall_rating = models.CharField(max_length=30, choices=Rating.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="As published.")
    previous_inspection = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_inspections"
    )
    lead_inspector = models.CharField(max_length=200, blank=True)
    cases_inspected = models.PositiveSmallIntegerField(null=True, blank=True)
    report_imported = models.BooleanField(default=True)
    source_name = models.CharField(max_length=255, blank=True, help_text="The imported file.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pdu__name", "-published"]
        constraints = [
            models.UniqueConstraint(fields=["pdu", "published"], name="unique_inspection_month"),
            models.CheckConstraint(
                condition=Q(overall_rating__in=[*Rating.values, ""]),
                name="inspection_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pdu.name}, {self.published:%B %Y}"

    def get_absolute_url(self) -> str:
        return path_to("inspection-detail", self.pk)

    @property
    def score_label(self) -> str:
        """The score as the inspectorate prints it, "3/21"; "" when none is published."""
        if self.score is None:
            return ""
        if self.framework_id is None:
            return str(self.score)
        return f"{self.score}/{self.framework.max_score}"


class Standard(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=10, help_text="As printed, for example P 1.1.")
    name = models.CharField(max_length=100)
    domain = models.PositiveSmallIntegerField(
        help_text="1 Organisational arrangements and activity; 2 Service delivery."
    )
    statement = models.TextField(blank=True)
    rating = models.CharField(max_length=30, choices=Rating.choices)
    summary = models.TextField(blank=True, help_text="The inspectorate's summary of its finding.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "code"], name="unique_standard_code"),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="standard_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(domain__gte=1) & Q(domain__lte=9), name="standard_domain_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class KeyQuestion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="key_questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    percent_yes = models.PositiveSmallIntegerField()
    cases_yes = models.PositiveSmallIntegerField(null=True, blank=True)
    cases_total = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "order"], name="unique_key_question_order"),
            models.CheckConstraint(
                condition=Q(percent_yes__gte=0) & Q(percent_yes__lte=100),
                name="key_question_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(cases_yes__isnull=True)
                | Q(cases_total__isnull=True)
                | Q(cases_yes__lte=models.F("cases_total")),
                name="key_question_cases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.percent_yes}%)"


class PreviousRecommendationReview(models.Model):
    """A row of the report's "Progress on previous recommendations" table."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="previous_recommendation_reviews"
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the table, from 1.")
    text = models.TextField(help_text="The previous recommendation.")
    action_taken_and_impact = models.TextField()
    categorisation = models.CharField(max_length=20, choices=Categorisation.choices)
    improvement_still_required = models.BooleanField()
    reviews_recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_later",
        verbose_name="reviews the recommendation",
        help_text="The previous inspection's recommendation this row reviews: matched by its "
        "text on import; correct it here if the match is wrong.",
    )

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = "previous-recommendation review"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"], name="unique_previous_recommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(categorisation__in=Categorisation.values),
                name="previous_recommendation_categorisation_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ReportUpload(models.Model):
    """A report an administrator uploaded in the admin, kept until they confirm its import.

    The bytes stay on the server (any app server can read them back) between the preview
    and the confirmation, so that what is imported is exactly what was previewed.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name}, uploaded {self.created_at:%d %B %Y %H:%M}"


class Role(models.TextChoices):
    MANAGER = "manager", "Manager"
    REGIONAL_LEAD = "regional_lead", "Regional lead"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's role in one PDU or in one region (never both on one row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    pdu = models.ForeignKey(
        PDU, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(pdu__isnull=False) & Q(region__isnull=True))
                | (Q(pdu__isnull=True) & Q(region__isnull=False)),
                name="membership_in_pdu_or_region",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=~Q(role=Role.REGIONAL_LEAD) | Q(region__isnull=False),
                name="regional_lead_holds_a_region",
            ),
            models.UniqueConstraint(
                fields=["user", "pdu"], condition=Q(pdu__isnull=False), name="unique_pdu_membership"
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=Q(region__isnull=False),
                name="unique_region_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.pdu or self.region}"
