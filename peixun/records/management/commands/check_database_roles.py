"""``manage.py check_database_roles``: can the role Peixun connects as edit the training record behind
the application's back? Exits 1, saying how, if it can. See docs/operations.md, "Database roles"."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from peixun.records.database_roles import check_roles


class Command(BaseCommand):
    help = "Check that the configured database role cannot disable or bypass the ledger's append-only guard."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="the database alias to check")

    def handle(self, *args, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"The {database!r} database is {connection.vendor}, which has no roles: whoever can write its file "
                "can edit the training record. Production runs on PostgreSQL with an application role "
                "that owns nothing (docs/operations.md, Database roles)."
            )
        role, findings = check_roles(database)
        for finding in findings:
            self.stdout.write(f"  {'ok  ' if finding.ok else 'FAIL'}  {role} {finding.text}")
        problems = [finding for finding in findings if not finding.ok]
        if problems:
            raise CommandError(
                f"The role {role!r} could change or remove training record entries: "
                + "; ".join(f"it {finding.text}" for finding in problems)
                + ". Connect Peixun as a role that owns nothing and has only the grants of "
                "`manage.py grant_app_role` (docs/operations.md, Database roles)."
            )
        self.stdout.write(self.style.SUCCESS(f"The role {role!r} cannot change or remove training record entries."))
