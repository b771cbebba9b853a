"""E-mails about enrolments, in English and Chinese in one message, sent after the change commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from peixun.core.mail import bilingual_message

from .models import Enrolment


def _recipients(enrolment: Enrolment) -> list[str]:
    addresses = [enrolment.official.email]
    addresses += [contact.email for contact in enrolment.unit.contacts.filter(is_active=True)]
    return sorted({address for address in addresses if address})


def _send_later(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    subject, body = bilingual_message(template, context, languages=("en", "zh-hans"))
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def promoted(*, enrolment: Enrolment) -> None:
    _send_later("email/promoted.txt", {"enrolment": enrolment}, _recipients(enrolment))


def withdrawn(*, enrolment: Enrolment) -> None:
    _send_later("email/withdrawn.txt", {"enrolment": enrolment}, _recipients(enrolment))
