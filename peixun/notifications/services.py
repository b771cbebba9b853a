"""Telling people that their week changed: one notice and one e-mail per person and action.

Services that change someone's week call :func:`notify` inside their transaction with every change
of the action, each addressed to one recipient. Each person then gets ONE notice on their start
page (if they have a login) and ONE e-mail (if they have an address) listing all their changes,
written in their language first and the other language below. The notices are written in the same
transaction; the e-mails leave only once it commits, so a change that is rolled back tells nobody.
Nobody is told of their own action.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from peixun.core.mail import bilingual_message
from peixun.core.models import User
from peixun.core.permissions import reason_for

from .models import Notice


def other_language(language: str) -> str:
    return "en" if language.lower().startswith("zh") else "zh-hans"


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: through their login (a notice, and mail to their address), or, for an
    official or lecturer without one, by mail to the address on their record."""

    email: str
    language: str
    user: User | None = None
    #: Whose name the mail greets, written in each language as it is rendered: the official's or the
    #: lecturer's record (the name they are known by in the programme), else the user.
    person: object = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, object]:
        return ("user", self.user.pk) if self.user is not None else ("email", self.email.lower())


def for_user(user: User | None) -> Recipient | None:
    """A user with an active login, in the language they chose (Peixun's default when they have not)."""
    if user is None or not user.is_active:
        return None
    return Recipient(user=user, email=user.email, language=user.language or settings.LANGUAGE_CODE, person=user)


def for_person(person, *, language: str) -> Recipient | None:
    """An official or a lecturer: through their active login when they have one (in the language
    they chose there, else ``language``), otherwise by mail to their record's address in ``language``;
    None when Peixun has no way to reach them."""
    user = person.user if person.user_id is not None else None
    if user is not None and user.is_active:
        return Recipient(user=user, email=user.email or person.email, language=user.language or language, person=person)
    if person.email:
        return Recipient(email=person.email, language=language, person=person)
    return None


@dataclass(frozen=True)
class Change:
    """One change, for one recipient: its kind (``enums.Kind``), its facts, and where to see it."""

    recipient: Recipient | None
    kind: str
    facts: dict
    link: str = ""


def _is_actor(recipient: Recipient, actor: User | None) -> bool:
    if actor is None:
        return False
    if recipient.user is not None:
        return recipient.user.pk == actor.pk
    return bool(actor.email) and recipient.email.lower() == actor.email.lower()


def notify(*, actor: User | None, changes: Iterable[Change]) -> list[Notice]:
    """Tell each recipient of ``changes`` (but the actor) of theirs: one notice, one e-mail each.

    Call it once per action, inside the action's transaction, with all of its changes: twenty
    moved sessions are one notice and one e-mail for each person they concern, not twenty.
    """
    groups: dict[tuple, tuple[Recipient, list[Change]]] = {}
    for change in changes:
        recipient = change.recipient
        if recipient is None or _is_actor(recipient, actor):
            continue
        groups.setdefault(recipient.key, (recipient, []))[1].append(change)
    notices, mails = [], []
    for recipient, group in groups.values():
        items = []
        for change in group:
            item = {"kind": str(change.kind), **change.facts}
            if item not in items:
                items.append(item)
        link = next((change.link for change in group if change.link), "")
        notice = Notice(user=recipient.user, actor=actor, items=items, link=link)
        if recipient.user is not None:
            notices.append(notice)
        if recipient.email:
            mails.append((recipient, notice))
    Notice.objects.bulk_create(notices)
    if mails:
        # A mail server that is down must not undo, or turn into an error page, a change already made.
        transaction.on_commit(lambda: _send(mails), robust=True)
    return notices


def compose(recipient: Recipient, notice: Notice) -> EmailMessage:
    """The e-mail of ``notice``: the reader's language first, the other one below."""
    base_url = getattr(settings, "PEIXUN_BASE_URL", "").rstrip("/")
    context = {"notice": notice, "person": recipient.person, "link": base_url + notice.link if notice.link else ""}
    languages = (recipient.language, other_language(recipient.language))
    subject, body = bilingual_message("email/notice.txt", context, languages=languages)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def _send(mails: list[tuple[Recipient, Notice]]) -> None:
    messages = [compose(recipient, notice) for recipient, notice in mails]
    get_connection().send_messages(messages)


def dismiss_notice(*, actor: User, notice: Notice) -> Notice:
    """Hide a notice from its reader's start page (kept, with the time it was dismissed)."""
    if notice.user_id != actor.pk:
        raise PermissionDenied(reason_for("notifications.dismiss_notice"))
    if notice.dismissed_at is None:
        notice.dismissed_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, dismissed_at__isnull=True).update(dismissed_at=notice.dismissed_at)
    return notice
