import datetime
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.sending import FAILED, SENT, WOULD_SEND, deliver, reminders_for


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Send today's e-mails: action reminders and awaiting-verification reminders daily, "
        "the weekly digest on Mondays. Run it daily; each e-mail goes once, however often "
        "and on however many servers it runs. Prints what it sent and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=iso_date,
            help="Act as if it were this day (YYYY-MM-DD): for tests and catching up.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )

    def handle(self, *, today: datetime.date | None, dry_run: bool, **options):
        today = today or timezone.localdate()
        outcomes = deliver(reminders_for(today), dry_run=dry_run)
        for outcome in outcomes:
            reminder = outcome.reminder
            user = reminder.user
            line = (
                f"{outcome.result}: {reminder.kind} {reminder.period} to {user.get_username()}"
                f"{f' <{user.email}>' if user.email else ''}"
                f"{f' ({outcome.detail})' if outcome.detail else ''}"
            )
            self.stdout.write(line)
        counts = Counter(outcome.result for outcome in outcomes)
        summary = ", ".join(f"{result} {count}" for result, count in sorted(counts.items()))
        verb = "Would send" if dry_run else "Sent"
        done = counts[WOULD_SEND] if dry_run else counts[SENT]
        self.stdout.write(
            f"{verb} {done} e-mail{'' if done == 1 else 's'} for {today:%A %-d %B %Y}"
            f"{f' ({summary})' if summary else ''}."
        )
        if counts[FAILED]:
            raise CommandError(
                f"{counts[FAILED]} e-mail(s) could not be sent; the next run will try them again."
            )
