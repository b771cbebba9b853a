"""The database keeps the training record append-only whoever connects: the demo purge removes demo
officials' entries only, TRUNCATE is refused, and a role set up as docs/operations.md says (an
application role that owns nothing) can neither edit the ledger nor switch its guard off."""

import datetime
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from peixun.people.models import Official
from peixun.records.models import LedgerEntry
from peixun.records.services import add_external_training
from tests.factories import OfficialFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def credit(official: Official, actor=None) -> LedgerEntry:
    return add_external_training(
        actor=actor or UserFactory(),
        official=official,
        date=datetime.date(2026, 3, 2),
        title="城市更新专题培训",
        provider="省委党校",
        hours=Decimal("24"),
    )


def demo_official() -> Official:
    return OfficialFactory(is_demo=True)


def refused(statement: str, params=(), match: str = "append-only") -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, params)


@pytest.mark.django_db
def test_the_database_refuses_updates_of_an_entry_on_either_database():
    entry = credit(OfficialFactory())
    refused("UPDATE records_ledgerentry SET hours = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("24.00")


@pytest.mark.django_db
def test_the_database_keeps_an_officials_demo_mark_as_it_was_made():
    official = OfficialFactory()
    refused("UPDATE people_official SET is_demo = %s WHERE id = %s", [True, official.pk], match="demo mark")
    official.name_en = "Renamed"
    official.save()  # every other field may change, and saving writes the unchanged mark back
    assert Official.objects.get(pk=official.pk).is_demo is False


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_purge_switch_removes_demo_officials_entries_and_no_others():
    real, invented = credit(OfficialFactory()), credit(demo_official())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL peixun.purge = 'demo'")
        refused("DELETE FROM records_ledgerentry WHERE id = %s", [real.pk])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM records_ledgerentry WHERE id = %s", [invented.pk])
    assert list(LedgerEntry.objects.values_list("pk", flat=True)) == [real.pk]
    refused("DELETE FROM records_ledgerentry")  # without the switch, not even a demo entry goes
    assert LedgerEntry.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_truncate_of_the_ledger_is_refused_even_for_its_owner():
    credit(OfficialFactory())
    with transaction.atomic():
        # The test database lets Django's TRUNCATE between tests through (tests/conftest.py).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign-key checks pending on the table
            cursor.execute("ALTER TABLE records_ledgerentry ENABLE TRIGGER records_ledger_no_truncate")
        refused("TRUNCATE records_ledgerentry", match="never truncated")
        refused("TRUNCATE people_official CASCADE", match="never truncated")
        assert LedgerEntry.objects.count() == 1
        transaction.set_rollback(True)


# A user who entered entries ---------------------------------------------------------------------


@pytest.fixture
def author_and_admin(db):
    author = UserFactory(username="registrar")
    credit(OfficialFactory(), actor=author)
    admin = UserFactory(username="admin", is_superuser=True, language="zh-hans")
    return author, admin


def test_deleting_a_user_who_entered_entries_is_refused_by_the_application(author_and_admin):
    author, _admin = author_and_admin
    with pytest.raises(ProtectedError):
        author.delete()
    assert LedgerEntry.objects.get().created_by == author


def test_the_admin_says_in_the_readers_language_why_the_user_is_kept(client, author_and_admin):
    author, admin = author_and_admin
    client.force_login(admin)
    url = reverse("admin:core_user_delete", args=[author.pk])
    for method in (client.get, client.post):
        response = method(url, {"post": "yes"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("admin:core_user_change", args=[author.pk])
        messages = [str(message) for message in response.context["messages"]]
        assert len(messages) == 1 and "registrar" in messages[0] and "培训档案" in messages[0], messages
    assert LedgerEntry.objects.get().created_by == author


def test_the_admins_bulk_delete_keeps_every_selected_user_and_names_the_authors(client, author_and_admin):
    author, admin = author_and_admin
    bystander = UserFactory(username="bystander")
    client.force_login(admin)
    admin.language = "en"
    admin.save()
    response = client.post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [author.pk, bystander.pk], "post": "yes"},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "registrar entered entries in officials' training records, which are kept for good, so the account "
        "cannot be deleted. Deactivate it instead. Nothing was deleted."
    ]
    assert sorted(type(author).objects.filter(pk__in=[author.pk, bystander.pk]).values_list("username", flat=True)) == [
        "bystander",
        "registrar",
    ]


def test_the_admin_still_deletes_a_user_who_entered_nothing(client, author_and_admin):
    _author, admin = author_and_admin
    bystander = UserFactory(username="bystander")
    client.force_login(admin)
    client.post(reverse("admin:core_user_delete", args=[bystander.pk]), {"post": "yes"})
    assert not type(bystander).objects.filter(pk=bystander.pk).exists()


# An application role that owns nothing --------------------------------------------------------


@pytest.fixture
def app_role(transactional_db):
    """A login role granted as docs/operations.md says, with the ledger's guard as in production."""
    name = f"peixun_test_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN')
        cursor.execute("ALTER TABLE records_ledgerentry ENABLE TRIGGER records_ledger_no_truncate")
    call_command("grant_app_role", name, stdout=open(os.devnull, "w"))
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE records_ledgerentry DISABLE TRIGGER records_ledger_no_truncate")
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')


def url_as(role: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{role}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def check_roles_as(role: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PEIXUN_DATABASE_URL": url_as(role), "PEIXUN_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "check_database_roles"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.postgres
def test_an_application_role_granted_as_documented_cannot_edit_or_unguard_the_ledger(app_role):
    real, invented = credit(OfficialFactory()), credit(demo_official())
    with psycopg.connect(url_as(app_role), autocommit=True) as app:
        for statement, error in (
            ("UPDATE records_ledgerentry SET hours = 1", "permission denied"),
            ("DELETE FROM records_ledgerentry", "permission denied"),
            ("TRUNCATE records_ledgerentry", "permission denied"),
            ("ALTER TABLE records_ledgerentry DISABLE TRIGGER records_ledger_append_only", "must be owner"),
            ("ALTER TABLE records_ledgerentry DISABLE TRIGGER ALL", "must be owner"),
            ("ALTER TABLE people_official DISABLE TRIGGER people_official_demo_mark_fixed", "must be owner"),
            ("DROP TABLE records_ledgerentry CASCADE", "must be owner"),
            (
                "CREATE OR REPLACE FUNCTION records_ledger_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END; "
                "$$ LANGUAGE plpgsql",
                "permission denied for schema public",
            ),
            (f"UPDATE people_official SET is_demo = true WHERE id = {real.official_id}", "demo mark"),
        ):
            with pytest.raises(psycopg.Error, match=error):
                app.execute(statement)
        with app.transaction():  # the purge switch is no key to anything
            app.execute("SET LOCAL peixun.purge = 'demo'")
            with pytest.raises(psycopg.Error, match="permission denied"):
                app.execute("DELETE FROM records_ledgerentry WHERE id = %s", [real.pk])
        # What the application does need, it may: read the ledger, add to it, change an official.
        assert app.execute("SELECT count(*) FROM records_ledgerentry").fetchone() == (2,)
        app.execute(
            "INSERT INTO records_ledgerentry (official_id, date, hours, source, title, provider, reason, created_at)"
            " VALUES (%s, '2026-04-01', 8, 'external', 'Workshop', '', '', now())",
            [real.official_id],
        )
        app.execute("UPDATE people_official SET name_en = 'Renamed' WHERE id = %s", [real.official_id])
    assert sorted(LedgerEntry.objects.values_list("hours", flat=True)) == [Decimal("8.00"), 24, 24]
    assert LedgerEntry.objects.filter(pk__in=[real.pk, invented.pk]).count() == 2

    passed = check_roles_as(app_role)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert f"The role '{app_role}' cannot change or remove training record entries." in passed.stdout

    with pytest.raises(
        CommandError, match=r"could change or remove training record entries: .*owns records_ledgerentry"
    ):
        call_command("check_database_roles", stdout=open(os.devnull, "w"))
