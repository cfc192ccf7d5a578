import json

from django.core.management.base import BaseCommand, CommandError

from imports.importer import inspection_json, inspections_for_export


class Command(BaseCommand):
    help = "Print an inspection as JSON, in the shape import_report --dry-run prints."

    def add_arguments(self, parser):
        parser.add_argument("pdu", help='The PDU\'s name, for example "Kirklees".')
        parser.add_argument("year", type=int, help="The year the report was published.")

    def handle(self, pdu, year, **options):
        name = pdu.removesuffix(" PDU").strip()
        inspections = list(
            inspections_for_export().filter(
                pdu__name__iexact=name, published__year=year, report_imported=True
            )
        )
        if not inspections:
            raise CommandError(f"No inspection of {name} published in {year} has been imported.")
        if len(inspections) > 1:
            months = ", ".join(f"{i.published:%B}" for i in inspections)
            raise CommandError(f"{name} has more than one inspection in {year} ({months}).")
        self.stdout.write(json.dumps(inspection_json(inspections[0]), indent=2, ensure_ascii=False))
