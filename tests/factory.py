"""Hand-written test data: small functions, sensible defaults, nothing hidden."""

import datetime
import itertools
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from imports.importer import inspections_for_export, save_report
from inspections.frameworks import create_known_framework
from inspections.models import (
    PDU,
    Framework,
    Inspection,
    Membership,
    Rating,
    Region,
    Role,
    Standard,
)
from inspections.report_parser import parse_report_bytes
from recommendations.models import Action, Recommendation, Status
from recommendations.plan import change_plan
from recommendations.rules import record_update
from tests import snapshot

KIRKLEES_REPORT = Path(settings.BASE_DIR) / "inspections" / "data" / "kirklees-2024.md"
FIXTURE_REPORTS = Path(settings.BASE_DIR) / "inspections" / "tests" / "fixtures" / "reports"
PASSWORD = "correct horse battery staple"
# The header htmx sends with every request it makes.
HTMX = {"HX-Request": "true"}

_counter = itertools.count(1)
_imported_once: dict[Path, snapshot.Snapshot] = {}


def import_kirklees() -> Inspection:
    return import_path(KIRKLEES_REPORT)


def import_once(path: Path) -> None:
    """Import the report now, in a clean database, and roll it back: `import_path` then puts
    back the rows it wrote wherever the database is as clean (see tests/snapshot.py)."""
    _imported_once[path] = snapshot.take(lambda: _import(path))


def import_fixture(name: str) -> Inspection:
    return import_path(FIXTURE_REPORTS / name)


def import_path(path: Path) -> Inspection:
    """What `import_report PATH` does, without the command around it."""
    once = _imported_once.get(path)
    if once is not None and once.fits():
        return inspections_for_export().get(pk=once.restore())
    return _import(path)


def _import(path: Path) -> Inspection:
    return save_report(parse_report_bytes(path.read_bytes()), source_name=path.name).inspection


def region(name: str | None = None) -> Region:
    return Region.objects.get_or_create(name=name or f"Region {next(_counter)}")[0]


def pdu(name: str | None = None, in_region: Region | None = None) -> PDU:
    return PDU.objects.get_or_create(
        name=name or f"PDU {next(_counter)}", defaults={"region": in_region or region()}
    )[0]


def inspection(
    of_pdu: PDU | None = None,
    recommendations: int = 3,
    published: datetime.date = datetime.date(2024, 11, 1),
) -> Inspection:
    """A small imported-looking inspection with seven standards and some recommendations."""
    made = Inspection.objects.create(
        pdu=of_pdu or pdu(),
        framework=framework_2024(),
        published=published,
        fieldwork_started=published - datetime.timedelta(days=90),
        overall_rating=Rating.REQUIRES_IMPROVEMENT,
        score=7,
    )
    for order, (code, name) in enumerate(
        [
            ("P 1.1", "Leadership"),
            ("P 1.2", "Staffing"),
            ("P 1.3", "Services"),
            ("P 2.1", "Assessment"),
            ("P 2.2", "Planning"),
            ("P 2.3", "Implementation and delivery"),
            ("P 2.4", "Reviewing"),
        ],
        start=1,
    ):
        standard = Standard.objects.create(
            inspection=made,
            code=code,
            name=name,
            domain=int(code[2]),
            rating=Rating.REQUIRES_IMPROVEMENT if order % 2 else Rating.INADEQUATE,
            order=order,
        )
        if standard.domain == 2:
            for position, percent in enumerate((55, 40, 70), start=1):
                standard.key_questions.create(
                    order=position, text=f"Key question {position} of {code}?", percent_yes=percent
                )
    for number in range(1, recommendations + 1):
        Recommendation.objects.create(
            inspection=made, number=number, text=f"Recommendation {number} of {made.pdu.name}"
        )
    return made


def framework_2024() -> Framework:
    """The seeded 2024 framework, made again where a transactional test flushed it."""
    return Framework.objects.filter(max_score=21).first() or create_known_framework(21)


def user(username: str | None = None, *, superuser: bool = False, **names):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=names.get("first_name", username.title()),
        last_name=names.get("last_name", "Tester"),
        is_superuser=superuser,
        is_staff=superuser,
    )


def member(of, role: str = Role.MANAGER, username: str | None = None):
    """A user holding `role` in a PDU or a region."""
    account = user(username)
    scope = {"pdu": of} if isinstance(of, PDU) else {"region": of}
    Membership.objects.create(user=account, role=role, **scope)
    return account


def update(
    recommendation: Recommendation,
    author,
    status: str = Status.IN_PROGRESS,
    at: datetime.datetime | None = None,
    **fields,
):
    """Log an update through the workflow; `at` backdates it (for "as at" tests)."""
    fields.setdefault("what_was_done", "Work done")
    fields.setdefault("may_verify", True)
    made = record_update(recommendation, author=author, status=status, **fields)
    if at is not None:
        type(made).objects.filter(pk=made.pk).update(created_at=at)
        made.created_at = at
    return made


def plan(recommendation: Recommendation, by=None, **fields):
    """Set the plan's fields the one way the service does, recording each change."""
    fields.setdefault("reason", "Set in a test")
    return change_plan(recommendation, by=by or user(), **fields)


def action(recommendation: Recommendation, **fields) -> Action:
    fields.setdefault("description", f"Action {next(_counter)}")
    fields.setdefault("owner", "Senior Probation Officer")
    fields.setdefault("due_date", timezone.localdate() + datetime.timedelta(days=30))
    return Action.objects.create(recommendation=recommendation, **fields)


POSITION_FIELDS = ("status", "rag", "judgement", "improvement_still_required")


def assert_position_is_the_latest_updates(recommendation: Recommendation) -> None:
    """The position copied onto the recommendation is its latest update's, by (time, pk)."""
    recommendation.refresh_from_db()
    latest = recommendation.updates.order_by("-created_at", "-pk").first()
    held = [getattr(recommendation, f) for f in POSITION_FIELDS]
    held.append(recommendation.position_updated_at)
    expected = [getattr(latest, f) for f in POSITION_FIELDS] + [latest.created_at]
    assert held == expected
