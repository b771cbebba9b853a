"""``manage.py grant_app_role ROLE``: as the owner role, after every migrate, give the application's
role what it needs and nothing over the ledger. See docs/operations.md, "Database roles"."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from peixun.records.database_roles import grant_statements


class Command(BaseCommand):
    help = "Grant the application's database role its privileges: all tables, but only SELECT and INSERT on the ledger."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role Peixun's web and worker processes connect as")
        parser.add_argument("--database", default="default", help="the database alias (connect as the owner)")
        parser.add_argument("--schema", default="public")
        parser.add_argument("--print", action="store_true", help="print the statements instead of running them")

    def handle(self, *args, role: str, database: str, schema: str, print: bool, **options):
        try:
            statements = grant_statements(role, schema)
        except ValueError as error:
            raise CommandError(f"Cannot grant: {error}.") from error
        if print:
            self.stdout.write(";\n".join(statements) + ";")
            return
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(f"The {database!r} database is {connection.vendor}, which has no roles to grant to.")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Granted {role!r} its privileges; on the training record only SELECT and INSERT.")
