"""E-mails about enrolments, in English and Chinese in one message, sent after the change commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Enrolment


def _recipients(enrolment: Enrolment) -> list[str]:
    addresses = [enrolment.official.email]
    addresses += [contact.email for contact in enrolment.unit.contacts.filter(is_active=True)]
    return sorted({address for address in addresses if address})


def _bilingual(template: str, context: dict) -> tuple[str, str]:
    parts = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            parts[language] = render_to_string(template, context).strip()
    subject_en, _, body_en = parts["en"].partition("\n")
    subject_zh, _, body_zh = parts["zh-hans"].partition("\n")
    return f"{subject_en} / {subject_zh}", f"{body_en.strip()}\n\n————————\n\n{body_zh.strip()}\n"


def _send_later(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    subject, body = _bilingual(template, context)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def promoted(*, enrolment: Enrolment) -> None:
    _send_later("email/promoted.txt", {"enrolment": enrolment}, _recipients(enrolment))


def withdrawn(*, enrolment: Enrolment) -> None:
    _send_later("email/withdrawn.txt", {"enrolment": enrolment}, _recipients(enrolment))
