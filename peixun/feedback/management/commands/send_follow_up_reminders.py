"""``manage.py send_follow_up_reminders``: e-mail each owner their follow-ups that are due soon or overdue.

Run it daily (cron or a scheduler). It reminds of open and in-progress follow-ups due within three
days or overdue, at most once a day per follow-up, in Chinese and English in one message.
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
        "E-mail each owner their open and in-progress follow-ups due within three days or overdue "
        "(at most once a day per follow-up)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and record nothing.")
        parser.add_argument(
            "--as-of", type=_date, help="Decide what is due as of this date (YYYY-MM-DD); default today."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, such as https://peixun.example.org, to make the links in the e-mails absolute.",
        )

    def handle(self, *args, dry_run: bool = False, as_of=None, base_url: str = "", **options):
        with translation.override("en"):
            reminders = services.remind_follow_up_owners(as_of=as_of, dry_run=dry_run, base_url=base_url)
        follow_ups = sum(len(r.follow_ups) for r in reminders)
        for reminder in reminders:
            ids = ", ".join(f"#{f.pk}" for f in reminder.follow_ups)
            self.stdout.write(f"{reminder.owner.email}: {len(reminder.follow_ups)} follow-up(s) {ids}")
            if dry_run and options.get("verbosity", 1) > 1:
                self.stdout.write(f"Subject: {reminder.subject}\n\n{reminder.body}")
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{verb} {len(reminders)} owner(s) of {follow_ups} follow-up(s).")
