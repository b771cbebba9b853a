"""``manage.py load_demo``: load the demo programme and print its logins."""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from peixun.courses.enums import EnrolmentStatus
from peixun.demo import loader


class Command(BaseCommand):
    help = (
        "Load the demo programme (a course planned at NAMC, a class in session and a finished course with its "
        "certificates, their lecturers, officials, presentations and logins), replacing a demo loaded before. "
        "Only in development mode."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Load the demo only if it is not there yet; otherwise just print the logins.",
        )
        parser.add_argument(
            "--no-logins",
            action="store_true",
            help="Do not print the logins (`make run` has the server print them once it listens).",
        )

    def handle(self, *args, once: bool = False, no_logins: bool = False, **options):
        if not settings.DEMO_MODE:
            if once:
                # `make run` calls this on every start; outside demo mode there is simply no demo.
                self.stdout.write("Demo mode is off (PEIXUN_DEMO=0 or PEIXUN_DEBUG=0): no demo programme loaded.")
                return
            raise CommandError(
                "The demo programme and its logins are only loaded in development mode: "
                "set PEIXUN_DEBUG=1 and leave PEIXUN_DEMO unset (or 1)."
            )
        with translation.override("en"):
            if once and loader.is_loaded():
                self.stdout.write("The demo programme is already loaded (run `manage.py load_demo` to reload it).")
            else:
                self._load()
            if not no_logins:
                self._print_logins()

    def _load(self) -> None:
        live = self.stdout.isatty()
        stage_width = 0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal stage_width
            line = f"Loading demo programme: {stage} {done}/{total}"
            if live:
                stage_width = max(stage_width, len(line))
                self.stdout.write("\r" + line.ljust(stage_width), ending="\n" if done == total else "")
                self.stdout.flush()
            elif done == total:
                self.stdout.write(line)

        try:
            course = loader.load(progress=progress)
        except loader.DemoError as error:
            raise CommandError(str(error)) from error
        statuses = Counter(course.enrolments.values_list("status", flat=True))
        confirmed = statuses[EnrolmentStatus.CONFIRMED]
        waitlisted = statuses[EnrolmentStatus.WAITLISTED]
        nominated = statuses[EnrolmentStatus.NOMINATED]
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded “{course.title_en} / {course.title_zh}” at {course.academy.code.upper()}, "
                f"{course.start:%d %B %Y} to {course.end:%d %B %Y}: {course.sessions.count()} sessions, "
                f"{confirmed} confirmed, {waitlisted} waitlisted, {nominated} awaiting the coordinator."
            )
        )

    def _print_logins(self) -> None:
        table = loader.logins_table()
        if not table:
            return
        heading, *rows = table
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(heading))
        for row in rows:
            self.stdout.write(row)
        self.stdout.write("Serve it with `make run` (HOST and PORT to choose the address) or `manage.py rundemo`.")
