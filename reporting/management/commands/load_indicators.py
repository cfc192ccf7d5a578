import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.indicator_loader import IndicatorFileError, load


class Command(BaseCommand):
    help = (
        "Load an inspection's indicators and their baselines from a JSON file "
        "(inspections/data/kirklees-2024-indicators.json). Idempotent; refuses the whole "
        "file, changing nothing, if anything in it cannot be matched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not a JSON file: {error}.") from error
        try:
            result = load(data)
        except IndicatorFileError as error:
            raise CommandError(
                f"Nothing was loaded from {path}:\n- " + "\n- ".join(error.problems)
            ) from error
        self.stdout.write(
            f"{result.inspection}: {len(result.names)} indicators "
            f"({result.created} created, {result.changed} changed, {result.unchanged} unchanged)."
        )
