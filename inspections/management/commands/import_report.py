import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.importer import report_json, save_report
from inspections.report_parser import ReportError, parse_report_bytes


class Command(BaseCommand):
    help = (
        "Import an HMIP PDU inspection report (Markdown or plain text): its region, PDU, "
        "inspection, standards, key questions, recommendations and previous-recommendation "
        "review, in one transaction. Progress recorded by the PDU is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The report's text file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print the inspection as JSON.",
        )

    def handle(self, path, dry_run=False, **options):
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        try:
            report = parse_report_bytes(data)
            if dry_run:
                self.stdout.write(json.dumps(report_json(report), indent=2, ensure_ascii=False))
                return
            result = save_report(report, source_name=file.name)
        except ReportError as error:
            raise CommandError(
                f"{path} was not imported; nothing was changed.\n"
                + "\n".join(f"  - {problem}" for problem in error.problems)
            ) from None

        inspection = result.inspection
        if result.unchanged:
            summary = f"{inspection} is already up to date; nothing changed."
        else:
            summary = (
                f"Imported {inspection}: {len(report.standards)} standards, "
                f"{len(report.recommendations)} recommendations, "
                f"{len(report.previous_recommendations)} previous recommendations reviewed "
                f"({result.created} rows added, {result.changed} changed)."
            )
        self.stdout.write(self.style.SUCCESS(summary))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
