import os
import secrets
import time

from django.core.management.base import BaseCommand, CommandError

from recommendations.synthetic import Options, SyntheticDataRefused, generate


def number_range(text: str) -> tuple[int, int]:
    """ "5-18" -> (5, 18); "7" -> (7, 7)."""
    low, _, high = text.partition("-")
    try:
        values = int(low), int(high or low)
    except ValueError:
        raise ValueError(f"{text!r} is not a number or a range like 5-18") from None
    if not 0 < values[0] <= values[1]:
        raise ValueError(f"{text!r}: give a range like 5-18, from 1 up")
    return values


class Command(BaseCommand):
    help = (
        "Generate a synthetic national data set (regions, PDUs, two inspections each, "
        "recommendations, actions, indicators, 50 progress updates per recommendation and "
        "an account per PDU manager and regional lead), every name marked Synthetic. "
        "Refuses a database that holds real inspections unless --allow-real-data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=12)
        parser.add_argument(
            "--pdus",
            type=int,
            default=None,
            help="PDUs in all (default 9 per region: 108 for 12 regions).",
        )
        parser.add_argument(
            "--pdus-per-region", type=number_range, default=(5, 18), metavar="LOW-HIGH"
        )
        parser.add_argument("--inspections-per-pdu", type=int, default=2)
        parser.add_argument(
            "--recommendations-per-inspection",
            type=number_range,
            default=(6, 10),
            metavar="LOW-HIGH",
        )
        parser.add_argument("--updates-per-recommendation", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            default="",
            help="For every synthetic account (default: DEMO_PASSWORD, else a generated one).",
        )
        parser.add_argument(
            "--allow-real-data",
            "--force",
            action="store_true",
            help="Generate even though the database holds real inspections.",
        )

    def handle(self, **opts):
        if opts["regions"] < 1 or opts["inspections_per_pdu"] < 1:
            raise CommandError("--regions and --inspections-per-pdu must be 1 or more.")
        if opts["updates_per_recommendation"] < 0:
            raise CommandError("--updates-per-recommendation cannot be negative.")
        password = opts["password"] or os.getenv("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        options = Options(
            regions=opts["regions"],
            pdus=opts["pdus"],
            pdus_per_region=opts["pdus_per_region"],
            inspections_per_pdu=opts["inspections_per_pdu"],
            recommendations_per_inspection=opts["recommendations_per_inspection"],
            updates_per_recommendation=opts["updates_per_recommendation"],
            seed=opts["seed"],
            password=password,
            allow_real_data=opts["allow_real_data"],
        )
        started = time.monotonic()
        log = self.stdout.write if opts["verbosity"] > 1 else (lambda message: None)
        try:
            counts = generate(options, log=log)
        except SyntheticDataRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data in {time.monotonic() - started:.1f} s: {counts.regions} regions, "
                f"{counts.pdus} PDUs, {counts.inspections} inspections, "
                f"{counts.recommendations} recommendations, {counts.updates} progress updates, "
                f"{counts.actions} actions ({counts.due_date_changes} due-date changes), "
                f"{counts.indicators} indicators ({counts.measurements} measurements), "
                f"{counts.users} accounts."
            )
        )
        self.stdout.write(
            "Sign in as synthetic-manager-1 .. synthetic-manager-N (one per PDU) or "
            f"synthetic-lead-1 .. synthetic-lead-{counts.regions}, password: {password}"
        )
