"""``manage.py prepare_fonts``: make the static fonts the PDFs embed, once (``make install`` runs it).

Quick when they are there already; about a minute the first time. See peixun/core/fonts.py."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from peixun.core import fonts


class Command(BaseCommand):
    help = (
        "Make the static Noto Sans and Noto Sans SC fonts that every PDF embeds, from the font packages, "
        "into PEIXUN_FONT_DIR (var/fonts by default), and remove those an older font package left."
    )

    def handle(self, *args, **options):
        directory = Path(settings.PEIXUN_FONT_DIR)
        for face in fonts.FACES.values():
            if not (directory / face.file_name()).is_file():
                self.stdout.write(f"Making {face.name} from {face.distribution} into {directory} …")
            path = fonts.ensure_face(face, directory)
            if options["verbosity"] > 1:
                self.stdout.write(f"{face.name}: {path}")
        for stale in fonts.stale_files(directory):
            stale.unlink(missing_ok=True)
            self.stdout.write(f"Removed {stale.name}")
