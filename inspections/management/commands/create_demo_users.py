import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from inspections.models import PDU, Membership, Region, Role

DEMO_USERS = [
    # username, full name, role, PDU or region
    ("manager", "Morgan Manager", Role.MANAGER, ("pdu", "Kirklees")),
    ("lead", "Lee Lead", Role.REGIONAL_LEAD, ("region", "Yorkshire and the Humber")),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts: manager (Kirklees), lead (Yorkshire and the Humber) and "
        "admin (superuser), with the password in DEMO_PASSWORD or a generated one. "
        "Development only: refuses to run when DEBUG is off."
    )

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for development: this refuses to run with DEBUG off."
            )
        password = os.getenv("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        try:
            pdu = PDU.objects.get(name="Kirklees")
            region = Region.objects.get(name="Yorkshire and the Humber")
        except (PDU.DoesNotExist, Region.DoesNotExist):
            raise CommandError(
                "Import the Kirklees report first: python manage.py import_report "
                "inspections/data/kirklees-2024.md"
            ) from None

        User = get_user_model()
        with transaction.atomic():
            for username, full_name, role, (kind, _name) in DEMO_USERS:
                first, last = full_name.split(" ", 1)
                user, _ = User.objects.update_or_create(
                    username=username, defaults={"first_name": first, "last_name": last}
                )
                user.set_password(password)
                user.save()
                scope = {"pdu": pdu} if kind == "pdu" else {"region": region}
                Membership.objects.get_or_create(user=user, role=role, **scope)
            admin, _ = User.objects.update_or_create(
                username="admin",
                defaults={
                    "first_name": "Ada",
                    "last_name": "Administrator",
                    "is_staff": True,
                    "is_superuser": True,
                },
            )
            admin.set_password(password)
            admin.save()

        self.stdout.write("Demo accounts (development only):")
        for username, _name, role, (_kind, scope) in DEMO_USERS:
            self.stdout.write(f"  {username:8} {Role(role).label} of {scope}")
        self.stdout.write("  admin    administrator (superuser)")
        self.stdout.write(f"Password for all three: {password}")
