"""Mark the regional leads' earlier decisions, written before updates had a kind.

Only a lead could mark a recommendation Verified, and a send-back was saved with the
verify form's default words when the lead gave no comment.
"""

from django.db import migrations


def mark(apps, schema_editor):
    ProgressUpdate = apps.get_model("recommendations", "ProgressUpdate")
    ProgressUpdate.objects.filter(status="verified", kind="update").update(kind="verification")
    ProgressUpdate.objects.filter(
        what_was_done="Sent back by the regional lead.", kind="update"
    ).update(kind="sent_back")


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_plan_owners_and_decisions")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
