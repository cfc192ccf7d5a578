"""The self-assessed judgement (Sufficient / Some / No progress) is called `judgement`, not
`progress`: "progress" is already the update, the report and the work itself. The column is
renamed in place, in the plan's history too; no row is rewritten."""

from django.db import migrations, models

CATEGORISATIONS = ["sufficient", "some", "none", ""]


def judgement_field():
    return models.CharField(
        "progress judgement",
        max_length=20,
        blank=True,
        choices=[
            ("sufficient", "Sufficient progress"),
            ("some", "Some progress"),
            ("none", "No progress"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_plan_upload"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="recommendation", name="recommendation_progress_valid"
        ),
        migrations.RemoveConstraint(model_name="progressupdate", name="update_progress_valid"),
        migrations.RenameField(
            model_name="recommendation", old_name="progress", new_name="judgement"
        ),
        migrations.RenameField(
            model_name="progressupdate", old_name="progress", new_name="judgement"
        ),
        migrations.RenameField(
            model_name="historicalrecommendation", old_name="progress", new_name="judgement"
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="judgement",
            field=judgement_field(),
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="judgement",
            field=judgement_field(),
        ),
        migrations.AlterField(
            model_name="historicalrecommendation",
            name="judgement",
            field=judgement_field(),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("judgement__in", CATEGORISATIONS)),
                name="recommendation_judgement_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="progressupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(("judgement__in", CATEGORISATIONS)),
                name="update_judgement_valid",
            ),
        ),
    ]
