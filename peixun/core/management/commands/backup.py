"""``manage.py backup FOLDER``: the database (pg_dump, custom format) and the media, with checksums.
See docs/operations.md, "Backups"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peixun.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the media root into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new (or empty) folder for this backup")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder: Path, database: str, **options):
        try:
            size, files = back_up(folder, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database ({size} bytes) and {files} media files into {folder}.")
