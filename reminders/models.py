"""Which e-mails each user chooses to get, and a record of every e-mail sent.

`SentEmail` is both the record and the lock: a row is inserted (claimed) before its
e-mail is sent, and its unique constraint on (user, kind, period) means that two runs
of `send_reminders`, one after the other or on two servers at once, cannot both send
the same e-mail (see `reminders.sending`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class EmailKind(models.TextChoices):
    ACTIONS = "actions", "Your actions due soon or overdue"
    AWAITING_VERIFICATION = "awaiting_verification", "Recommendations awaiting verification"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"


class EmailPreference(models.Model):
    """A user's choice of e-mails. A user without a row gets them all (the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    actions = models.BooleanField("reminders of actions due within 7 days or overdue", default=True)
    awaiting_verification = models.BooleanField(
        "recommendations awaiting verification for more than 5 working days", default=True
    )
    weekly_digest = models.BooleanField("a weekly digest on Mondays", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"E-mail choices of {self.user}"

    def wants(self, kind: str) -> bool:
        return getattr(self, EmailKind(kind).value)


class SentEmail(models.Model):
    """One e-mail to one user, of one kind, for one period (an ISO date or an ISO week).

    `claimed_at` is when a run took it on; `sent_at` when delivery was accepted. A row with
    no `sent_at` is an e-mail whose run stopped between the two: it is not sent again
    (at most once), and deleting the row lets the next run send it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_emails"
    )
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    period = models.CharField(
        max_length=10, help_text="The day (2025-03-10) or ISO week (2025-W11) it is for."
    )
    about = models.TextField(
        blank=True, help_text="What it was about: the actions or recommendations it listed."
    )
    address = models.EmailField(help_text="The address it went to.")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = "sent e-mail"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="one_email_per_user_kind_period"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EmailKind.values), name="sent_email_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.period} to {self.user}"
