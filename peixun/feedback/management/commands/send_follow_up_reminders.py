"""``manage.py send_follow_up_reminders``: e-mail each owner their follow-ups that are due soon or overdue.

Meant for a daily schedule; see docs/operations.md.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from peixun.feedback import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of takes a date such as 2027-03-01, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "E-mail each owner, in Chinese and English, their open and in-progress follow-ups due within three days "
        "or overdue; at most once a day per follow-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the e-mails; send and record nothing.")
        parser.add_argument(
            "--as-of", type=_date, metavar="YYYY-MM-DD", help="Decide what is due as of this day instead of today."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, such as https://peixun.example.org, to make the links in the e-mails absolute.",
        )

    def handle(self, *args, dry_run: bool = False, as_of=None, base_url: str = "", **options):
        with translation.override("en"):
            run = services.remind_follow_up_owners(as_of=as_of, dry_run=dry_run, base_url=base_url)
        for reminder in run.sent:
            ids = ", ".join(f"#{f.pk}" for f in reminder.follow_ups)
            self.stdout.write(f"{reminder.owner.email}: {len(reminder.follow_ups)} follow-up(s) {ids}")
            if dry_run:
                self.stdout.write(f"Subject: {reminder.subject}\n\n{reminder.body}")
        count = sum(len(r.follow_ups) for r in run.sent)
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(run.sent)} owner(s) of {count} follow-up(s)."))
        if run.without_email:
            names = ", ".join(owner.username for owner in run.without_email)
            self.stderr.write(self.style.WARNING(f"No e-mail address, not reminded: {names}."))
        for reminder in run.failed:
            self.stderr.write(self.style.ERROR(f"Could not send to {reminder.owner.email}: {reminder.error}"))
        if run.failed:
            raise CommandError(f"{len(run.failed)} reminder(s) could not be sent; they will be tried on the next run.")
