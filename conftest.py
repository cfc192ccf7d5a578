"""The cast: one user per kind of right, around the Kirklees inspection.

- anonymous: not signed in
- manager: manager of Kirklees
- other_manager: manager of Calderdale (same region, another PDU)
- lead: regional lead of Yorkshire and the Humber
- other_lead: regional lead of the South West
- viewer: viewer of Kirklees
- admin_user: superuser
"""

import pytest

from inspections.models import Role
from tests import factory


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Hashing the cast's passwords properly would take most of each test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_collected_static(settings, tmp_path_factory):
    # WhiteNoise indexes STATIC_ROOT whenever a test client starts. Tests never need
    # collectstatic's output (a fresh clone has none), so a developer's copy of it (after
    # `make bench`, say) must not make every test slower.
    settings.STATIC_ROOT = tmp_path_factory.getbasetemp() / "no-collected-static"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Kirklees is imported once, straight after the migrations, so that a test asking for it
    gets the rows back in a few inserts rather than importing the report again."""
    with django_db_blocker.unblock():
        factory.import_once(factory.KIRKLEES_REPORT)


@pytest.fixture
def kirklees(db):
    return factory.import_kirklees()


@pytest.fixture
def recommendation(kirklees):
    """Kirklees' first recommendation."""
    return kirklees.recommendations.get(number=1)


@pytest.fixture
def yorkshire(kirklees):
    return kirklees.pdu.region


@pytest.fixture
def calderdale(yorkshire):
    return factory.pdu("Calderdale", in_region=yorkshire)


@pytest.fixture
def south_west(db):
    return factory.region("South West")


@pytest.fixture
def manager(kirklees):
    return factory.member(kirklees.pdu, Role.MANAGER, "manager")


@pytest.fixture
def other_manager(calderdale):
    return factory.member(calderdale, Role.MANAGER, "other_manager")


@pytest.fixture
def lead(yorkshire):
    return factory.member(yorkshire, Role.REGIONAL_LEAD, "lead")


@pytest.fixture
def other_lead(south_west):
    return factory.member(south_west, Role.REGIONAL_LEAD, "other_lead")


@pytest.fixture
def viewer(kirklees):
    return factory.member(kirklees.pdu, Role.VIEWER, "viewer")


@pytest.fixture
def admin_user(db):
    return factory.user("admin_user", superuser=True)


@pytest.fixture
def cast(manager, other_manager, lead, other_lead, viewer, admin_user):
    return {
        "manager": manager,
        "other_manager": other_manager,
        "lead": lead,
        "other_lead": other_lead,
        "viewer": viewer,
        "admin": admin_user,
    }


@pytest.fixture
def signed_in(client, manager):
    """The test client, signed in as the manager of Kirklees."""
    client.force_login(manager)
    return client
