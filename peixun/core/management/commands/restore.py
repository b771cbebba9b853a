"""``manage.py restore FOLDER``: a backup made by ``manage.py backup``, into an empty database and an empty
media root. See docs/operations.md, "Backups"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peixun.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into the configured (empty) PostgreSQL database and (empty) media root."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `manage.py backup`")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder: Path, database: str, **options):
        try:
            tables, files = restore(folder, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {tables} tables and {files} media files from {folder}. The restoring role owns the "
            "tables: grant the application's role again (`manage.py grant_app_role ROLE`)."
        )
