"""Seed the 2024 PDU framework, its bands marked "not confirmed".

The reports publish neither table. Key-question bands are those the 2024 reports
describe; the score bands are a common reading, editable in the admin.
"""

from django.db import migrations

NAME = "HMIP PDU inspection standards (2024)"
SCORE_BANDS = [
    ("inadequate", 0, 5),
    ("requires_improvement", 6, 10),
    ("good", 11, 15),
    ("outstanding", 16, 21),
]
KEY_QUESTION_BANDS = [
    ("inadequate", 0, 49),
    ("requires_improvement", 50, 64),
    ("good", 65, 79),
    ("outstanding", 80, 100),
]


def seed(apps, schema_editor):
    Framework = apps.get_model("inspections", "Framework")
    framework, created = Framework.objects.get_or_create(
        name=NAME,
        defaults={
            "max_score": 21,
            "bands_confirmed": False,
            "notes": "Seven standards, 0-3 points each. The score bands are a common reading "
            "(0-5 Inadequate, 6-10 Requires improvement, 11-15 Good, 16-21 Outstanding), not a "
            "published table. A standard's rating is driven by its lowest key question.",
        },
    )
    if not created:
        return
    for rating, low, high in SCORE_BANDS:
        framework.score_bands.create(rating=rating, min_score=low, max_score=high)
    for rating, low, high in KEY_QUESTION_BANDS:
        framework.key_question_bands.create(rating=rating, min_percent=low, max_percent=high)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
