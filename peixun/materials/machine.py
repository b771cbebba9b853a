"""Machine translation suggestions for the workbench: the provider from settings, answers cached, failures said.

The engine (``peixun.docengine.machine``) protects tags and glossary terms and speaks to the provider;
this module chooses the provider from ``PEIXUN_MACHINE_TRANSLATION_URL`` (none when it is empty),
keeps answers a week in the shared cache (keyed by the provider's address, the text and the glossary,
so a changed term asks again), and turns a provider's failure into a message in the reader's language.
A suggestion is shown labelled as machine translation and is never written into a segment by itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, register
from django.utils.translation import gettext as _

from peixun.docengine import machine
from peixun.docengine.machine import MachineTranslationError

from .services import glossary

#: How long an answer is kept (seconds).
KEPT = 7 * 24 * 3600


def provider() -> machine.Provider | None:
    """The configured provider, or None when machine suggestions are off (the default)."""
    url = settings.PEIXUN_MACHINE_TRANSLATION_URL
    if not url:
        return None
    return machine.LibreTranslate(
        url, api_key=settings.PEIXUN_MACHINE_TRANSLATION_KEY, timeout=settings.PEIXUN_MACHINE_TRANSLATION_SECONDS
    )


def enabled() -> bool:
    return bool(settings.PEIXUN_MACHINE_TRANSLATION_URL)


class MachineUnavailable(Exception):
    """No suggestion could be had; ``message`` says why in the reader's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def failure_message(error: MachineTranslationError) -> str:
    messages = {
        machine.UNREACHABLE: _("The machine translation server could not be reached."),
        machine.TIMEOUT: _("The machine translation server did not answer within %(seconds)s seconds."),
        machine.REFUSED: _(
            "The machine translation server refused the request (%(status)s): check its address and key."
        ),
        machine.FAILED: _("The machine translation server failed (%(status)s); try again later."),
        machine.MALFORMED: _("The machine translation server gave an answer Peixun cannot read."),
    }
    return messages[error.code] % error.params


def _key(url: str, text: str, terms: str) -> str:
    digest = hashlib.sha256("\x00".join((url, terms, text)).encode()).hexdigest()
    return f"machine:{digest}"


def suggestions(texts: Sequence[str], *, protected=None) -> list[str]:
    """One machine suggestion per source text (tags matching ``protected`` and glossary terms kept).

    Raises :class:`MachineUnavailable` when suggestions are off or the provider fails.
    """
    chosen = provider()
    if chosen is None:
        raise MachineUnavailable(_("Machine translation is not set up on this Peixun."))
    terms = glossary()
    fingerprint = hashlib.sha256(repr(sorted((t.english, t.chinese) for t in terms.terms)).encode()).hexdigest()
    keys = [_key(settings.PEIXUN_MACHINE_TRANSLATION_URL, text, fingerprint) for text in texts]
    known = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in known]
    if missing:
        try:
            answers = machine.suggest([texts[i] for i in missing], chosen, glossary=terms, protected=protected)
        except MachineTranslationError as error:
            raise MachineUnavailable(failure_message(error)) from error
        fresh = {keys[index]: answer for index, answer in zip(missing, answers, strict=True)}
        cache.set_many(fresh, KEPT)
        known.update(fresh)
    return [known[key] for key in keys]


@register()
def check_machine_translation(app_configs=None, **kwargs) -> list[Error]:
    url = getattr(settings, "PEIXUN_MACHINE_TRANSLATION_URL", "")
    if not url or (urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc):
        return []
    return [
        Error(
            f"PEIXUN_MACHINE_TRANSLATION_URL is {url!r}: it must be an http:// or https:// address of a "
            "LibreTranslate-compatible server.",
            hint="Set it to the server's address, for instance http://127.0.0.1:5000, or leave it empty.",
            id="peixun.materials.E001",
        )
    ]
