import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("inspections", "0003_review_links_and_report_uploads"),
    ]

    operations = [
        migrations.CreateModel(
            name="WeeklyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week_ending", models.DateField()),
                ("fingerprint", models.CharField(max_length=32)),
                ("not_started", models.PositiveIntegerField()),
                ("in_progress", models.PositiveIntegerField()),
                ("complete", models.PositiveIntegerField()),
                ("verified", models.PositiveIntegerField()),
                ("red", models.PositiveIntegerField()),
                ("amber", models.PositiveIntegerField()),
                ("green", models.PositiveIntegerField()),
                ("no_rag", models.PositiveIntegerField()),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="inspections.inspection",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inspection", "week_ending"), name="one_weekly_count_per_week"
                    )
                ],
            },
        ),
    ]
