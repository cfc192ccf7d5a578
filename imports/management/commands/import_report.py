import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import ProtectedError

from imports.differences import (
    ALLOW_DROPPING_KEY_QUESTIONS,
    ALLOW_REGION_MOVE,
    ALLOW_TEXT_CHANGES,
    compare_report,
)
from imports.importer import ImportRefused, report_json, save_report
from inspections.report_parser import ReportError, parse_report_bytes

FLAGS = {
    ALLOW_REGION_MOVE: "--allow-region-move",
    ALLOW_TEXT_CHANGES: "--allow-text-changes",
    ALLOW_DROPPING_KEY_QUESTIONS: "--allow-dropping-key-questions",
}


class Command(BaseCommand):
    help = (
        "Import an HMIP PDU inspection report: its region, PDU, inspection, standards, key "
        "questions, recommendations and previous-recommendation review, in one transaction. "
        "Progress recorded by the PDU is never touched. A re-import that would move the PDU "
        "to another region, rewrite a text that history hangs on, or drop a key question an "
        "indicator uses is refused unless the matching --allow flag is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The report's file (PDF, HTML page, Markdown or text).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print the inspection as JSON, and the differences from what "
            "is stored on stderr.",
        )
        parser.add_argument(
            FLAGS[ALLOW_REGION_MOVE],
            action="store_true",
            help="Let the import move the PDU to the report's region.",
        )
        parser.add_argument(
            FLAGS[ALLOW_TEXT_CHANGES],
            action="store_true",
            help="Let the import rewrite recommendation and key-question texts with history.",
        )
        parser.add_argument(
            FLAGS[ALLOW_DROPPING_KEY_QUESTIONS],
            action="store_true",
            help="Let the import drop key questions that indicators use (the indicators stay, "
            "unlinked).",
        )

    def handle(self, path, dry_run=False, **options):
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        allowed = {name: bool(options.get(name)) for name in FLAGS}
        try:
            report = parse_report_bytes(data)
            if dry_run:
                self.stdout.write(json.dumps(report_json(report), indent=2, ensure_ascii=False))
                self.stderr.write(
                    f"Read as {report.source_kind}: {len(report.recommendations)} "
                    f"recommendations ({report.recommendation_counts})."
                )
                self.write_differences(compare_report(report), allowed)
                return
            result = save_report(report, source_name=file.name, **allowed)
        except ImportRefused as refusal:
            raise CommandError(
                f"{path} was not imported; nothing was changed.\n"
                + "\n".join(f"  - {problem}" for problem in refusal.problems)
                + "\nIf these changes are right, run it again with "
                + " ".join(FLAGS[name] for name in refusal.held_back if not allowed[name])
                + "."
            ) from None
        except ReportError as error:
            raise CommandError(
                f"{path} was not imported; nothing was changed.\n"
                + "\n".join(f"  - {problem}" for problem in error.problems)
            ) from None
        except ProtectedError as error:
            # A safety net: the comparison should have held back anything that gets here.
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            raise CommandError(
                f"{path} was not imported; nothing was changed. It would remove rows that "
                f"others depend on: {names}."
            ) from None
        except DatabaseError as error:
            raise CommandError(
                f"{path} was not imported: the database could not be used ({error}). "
                "Is it migrated (python manage.py migrate) and reachable?"
            ) from None

        inspection = result.inspection
        if result.unchanged:
            summary = f"{inspection} is already up to date; nothing changed."
        else:
            summary = (
                f"Imported {inspection}: {len(report.standards)} standards, "
                f"{len(report.recommendations)} recommendations "
                f"({report.recommendation_counts}), "
                f"{len(report.previous_recommendations)} previous recommendations reviewed "
                f"({result.created} rows added, {result.changed} changed)."
            )
        self.stdout.write(self.style.SUCCESS(summary))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))

    def write_differences(self, comparison, allowed: dict[str, bool]) -> None:
        if comparison.new_inspection:
            self.stderr.write("A new inspection: nothing of it is stored yet.")
        elif not comparison.differences:
            self.stderr.write("No differences from what is stored.")
        else:
            self.stderr.write(f"{len(comparison.differences)} differences from what is stored:")
        for difference in comparison.differences:
            self.stderr.write(f"  {difference}")
        for name, problems in comparison.held_back().items():
            verb = "allowed by" if allowed[name] else "would be refused without"
            for problem in problems:
                self.stderr.write(self.style.WARNING(f"Warning ({verb} {FLAGS[name]}): {problem}"))
