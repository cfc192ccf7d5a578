from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from inspections.access import access_for


def run() -> str:
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def test_it_creates_the_three_demo_accounts_with_the_given_password(
    kirklees, settings, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 2024")

    run()

    users = get_user_model().objects.in_bulk(["manager", "lead", "admin"], field_name="username")
    manager, lead, admin = users["manager"], users["lead"], users["admin"]
    assert all(u.check_password("demo password 2024") for u in users.values())
    assert access_for(manager).can_manage(kirklees.pdu)
    assert access_for(lead).can_verify(kirklees.pdu)
    assert admin.is_superuser


def test_without_a_password_it_generates_one_and_prints_it(kirklees, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    output = run()

    password = output.strip().splitlines()[-1].split(": ", 1)[1]
    assert get_user_model().objects.get(username="manager").check_password(password)


def test_running_it_twice_keeps_one_membership_each(kirklees, settings):
    settings.DEBUG = True
    run()
    run()

    from inspections.models import Membership

    assert Membership.objects.filter(user__username="manager").count() == 1


def test_it_refuses_to_run_with_debug_off(kirklees, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        run()


def test_it_asks_for_the_kirklees_import_first(db, settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="Import the Kirklees report first"):
        run()
