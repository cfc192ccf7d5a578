"""Figures kept so that pages need not work them out again.

`WeeklyCount`: how many of an inspection's recommendations stood at each status and each RAG
at the end of a week that is over. Progress updates are append-only and stamped when written,
so such a week's figures never change; they are worked out once (`reporting.weeks`) and read
back. Each row carries the fingerprint of what it was worked out from (the inspection's
recommendations and their updates made by the end of the last week that is over), so that a
restore from a dump, synthetic data written with past times or a re-import that adds or
removes recommendations makes the rows stale, and they are worked out again.
"""

from django.db import models

from inspections.models import Inspection


class WeeklyCount(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="+")
    week_ending = models.DateField()  # a Sunday
    fingerprint = models.CharField(max_length=32)
    not_started = models.PositiveIntegerField()
    in_progress = models.PositiveIntegerField()
    complete = models.PositiveIntegerField()
    verified = models.PositiveIntegerField()
    red = models.PositiveIntegerField()
    amber = models.PositiveIntegerField()
    green = models.PositiveIntegerField()
    no_rag = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "week_ending"], name="one_weekly_count_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Inspection {self.inspection_id}, week ending {self.week_ending}"
