from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Bringing data in: an inspectorate's report (command and admin), indicators, a backup
    and its restore, and synthetic data for the benchmark."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
