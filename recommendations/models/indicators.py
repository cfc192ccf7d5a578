"""Indicators that show whether a recommendation is working, and their measurements."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.models import Inspection, KeyQuestion

from .recommendation import Recommendation


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
