"""``manage.py send_compliance_alerts``: tell each sending unit's contact which of their officials are
behind on training. Meant for a daily schedule; see docs/operations.md."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from peixun.core.audit import record_event
from peixun.core.enums import Role
from peixun.core.mail import bilingual_message
from peixun.core.models import AuditEvent, User
from peixun.people.models import Official
from peixun.records import compliance
from peixun.records.enums import ComplianceStatus

ACTION = "records.compliance_alert"
ALERTED = (ComplianceStatus.AT_RISK, ComplianceStatus.SHORT)
TEMPLATE = "email/compliance_alert.txt"
#: Show a progress counter from this many contacts on.
PROGRESS_FROM = 20


def compose(contact: User, flagged: list, as_of: datetime.date) -> tuple[str, str]:
    """Subject and body in Chinese, then in English, in one message."""
    context = {"unit": contact.sending_unit, "flagged": flagged, "as_of": as_of}
    return bilingual_message(TEMPLATE, context)


def behind_by_unit(unit_ids: set[int], as_of: datetime.date) -> dict[int, list]:
    """Per sending unit, its officials with a rule at risk or short, and those rules (one query)."""
    officials = Official.objects.filter(sending_unit_id__in=unit_ids).select_related("sending_unit")
    found: dict[int, list] = defaultdict(list)
    for row in compliance.compliance_of(officials.order_by("search_key", "pk"), as_of=as_of):
        behind = [result for result in row.rules if result.status in ALERTED]
        if behind:
            found[row.official.sending_unit_id].append((row.official, behind))
    return found


class Command(BaseCommand):
    help = (
        "E-mail each sending-unit contact, in Chinese and English, the officials of their unit who are at risk "
        "or short of the yearly or five-year training. Once a day per contact unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the e-mails instead of sending them.")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Judge compliance on this day instead of today.",
        )
        parser.add_argument("--force", action="store_true", help="Send again to contacts already alerted today.")

    def handle(self, *args, dry_run: bool = False, as_of: datetime.date | None = None, force: bool = False, **opts):
        as_of = as_of or timezone.localdate()
        contacts = list(
            User.objects.filter(role=Role.UNIT_CONTACT, is_active=True, sending_unit__isnull=False)
            .select_related("sending_unit")
            .order_by("sending_unit__name_en", "username")
        )
        behind = behind_by_unit({contact.sending_unit_id for contact in contacts}, as_of)
        start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        alerted_today = set(
            AuditEvent.objects.filter(action=ACTION, object_type="core.user", at__gte=start_of_day).values_list(
                "object_id", flat=True
            )
        )
        sent, already, without_email, failed, nobody_behind = [], [], [], [], 0
        progress = self._progress(len(contacts))
        for number, contact in enumerate(contacts, start=1):
            progress(number)
            flagged = behind.get(contact.sending_unit_id)
            if not flagged:
                nobody_behind += 1
                continue
            if not contact.email:
                without_email.append(contact)
                continue
            if str(contact.pk) in alerted_today and not force:
                already.append(contact)
                continue
            subject, body = compose(contact, flagged, as_of)
            if dry_run:
                self.stdout.write(f"To: {contact.email} ({contact.username}, {contact.sending_unit.name_en})")
                self.stdout.write(f"Subject: {subject}\n\n{body}\n")
                sent.append(contact)
                continue
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
            except Exception as error:  # one unreachable mailbox must not stop the others' alerts
                failed.append(contact)
                self.stderr.write(self.style.ERROR(f"Could not send to {contact.email}: {error}"))
                continue
            record_event(
                actor=None,
                action=ACTION,
                instance=contact,
                changes={"as_of": [None, as_of], "officials": [None, [official.pk for official, _ in flagged]]},
            )
            sent.append(contact)
        self._report(sent, already, without_email, failed, nobody_behind, dry_run, as_of)
        if failed:
            raise CommandError(f"{len(failed)} alert(s) could not be sent.")

    def _progress(self, total: int):
        if total < PROGRESS_FROM:
            return lambda number: None
        live = self.stderr.isatty()

        def show(number: int) -> None:
            line = f"Units' contacts: {number}/{total}"
            if live:
                self.stderr.write("\r" + line, ending="\n" if number == total else "")
                self.stderr.flush()
            elif number == total:
                self.stderr.write(line)

        return show

    def _report(self, sent, already, without_email, failed, nobody_behind, dry_run, as_of) -> None:
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(sent)} alert(s) for {as_of.isoformat()}.")
            + f" {nobody_behind} contact(s) have nobody behind on training."
        )
        if already:
            names = ", ".join(contact.username for contact in already)
            self.stdout.write(f"Already alerted today (use --force to send again): {names}.")
        if without_email:
            names = ", ".join(f"{c.username} ({c.sending_unit.name_en})" for c in without_email)
            self.stderr.write(self.style.WARNING(f"No e-mail address, not alerted: {names}."))
