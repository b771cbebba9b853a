"""Machine translation suggestions: the provider interface and a LibreTranslate-compatible adapter.

A suggestion is only ever offered beside the memory's and the glossary's, labelled as machine
translation, never written into a segment by itself. Before a text is sent, the parts a machine must
not touch are protected: inline tags (given by the caller as a pattern) and glossary terms, which are
sent already in their preferred Chinese inside ``<span translate="no">`` and put back as they were
sent. A provider that drops or mangles a protected part gets its suggestion back with that part
missing; the workbench's checks then name the missing tag or term, as for any translation.

No Django here: the Django side (``peixun.materials.machine``) reads the settings and caches answers.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Protocol

from .glossary import Glossary

#: What went wrong, as codes the Django side says in the reader's language.
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
REFUSED = "refused"
FAILED = "failed"
MALFORMED = "malformed"

#: The most texts one request carries, and the most characters in all (a provider's usual limits).
BATCH_TEXTS = 50
BATCH_CHARACTERS = 20_000


class MachineTranslationError(Exception):
    """A provider that could not give suggestions: ``code`` (above) and ``params`` for the message."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)


class Provider(Protocol):
    """Translates texts written as HTML fragments, keeping their elements; one answer per text."""

    name: str

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]: ...


@dataclass(frozen=True)
class LibreTranslate:
    """A self-hosted LibreTranslate, or any server speaking its ``POST /translate`` API."""

    url: str
    api_key: str = ""
    timeout: float = 10.0
    name: str = "LibreTranslate"

    def __post_init__(self):
        if not self.url.lower().startswith(("http://", "https://")):
            raise ValueError(f"a LibreTranslate address must be http:// or https://, not {self.url!r}")

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        answers: list[str] = []
        for batch in _batches(texts):
            answers.extend(self._request(batch, source, target))
        return answers

    def _request(self, texts: list[str], source: str, target: str) -> list[str]:
        body = {"q": texts, "source": source, "target": target, "format": "html"}
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 (http or https only: __post_init__)
            self.url.rstrip("/") + "/translate",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = response.read(10 * 1024 * 1024 + 1)
        except urllib.error.HTTPError as error:
            detail = _error_detail(error)
            code = REFUSED if 400 <= error.code < 500 else FAILED
            raise MachineTranslationError(code, status=error.code, detail=detail) from error
        except TimeoutError as error:
            raise MachineTranslationError(TIMEOUT, seconds=self.timeout) from error
        except (urllib.error.URLError, OSError) as error:
            if isinstance(getattr(error, "reason", None), TimeoutError):
                raise MachineTranslationError(TIMEOUT, seconds=self.timeout) from error
            raise MachineTranslationError(UNREACHABLE, detail=str(getattr(error, "reason", error))) from error
        try:
            answer = json.loads(payload)
            translated = answer["translatedText"]
        except (ValueError, TypeError, KeyError) as error:
            raise MachineTranslationError(MALFORMED) from error
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if (
            not isinstance(translated, list)
            or len(translated) != len(texts)
            or not all(isinstance(text, str) for text in translated)
        ):
            raise MachineTranslationError(MALFORMED)
        return translated


def _error_detail(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read(64 * 1024)).get("error", ""))[:200]
    except (ValueError, AttributeError, OSError):
        return ""


def _batches(texts: Sequence[str]):
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= BATCH_TEXTS or size + len(text) > BATCH_CHARACTERS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


# Protecting tags and terms -----------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A text as sent (an HTML fragment) and the protected parts its ``<span translate="no">`` hold."""

    sent: str
    kept: tuple[str, ...]


def prepare(text: str, *, glossary: Glossary | None = None, protected: re.Pattern | None = None) -> Prepared:
    """``text`` as an HTML fragment with its tags and glossary terms in ``translate="no"`` spans."""
    spans: list[tuple[int, int, str]] = []
    if protected is not None:
        spans.extend((found.start(), found.end(), found.group()) for found in protected.finditer(text))
    if glossary is not None:
        for match in glossary.find(text):
            if not any(start < match.end and match.start < end for start, end, _ in spans):
                spans.append((match.start, match.end, match.term.preferred))
    spans.sort()
    parts: list[str] = []
    kept: list[str] = []
    at = 0
    for start, end, keep in spans:
        parts.append(html.escape(text[at:start], quote=False))
        parts.append(f'<span translate="no" id="k{len(kept)}">{html.escape(keep, quote=False)}</span>')
        kept.append(keep)
        at = end
    parts.append(html.escape(text[at:], quote=False))
    return Prepared("".join(parts), tuple(kept))


def restore(answer: str, prepared: Prepared) -> str:
    """The provider's HTML answer as plain text, each protected span put back as it was sent."""
    reader = _Restorer(prepared.kept)
    reader.feed(answer)
    reader.close()
    return "".join(reader.out).strip()


class _Restorer(HTMLParser):
    def __init__(self, kept: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.kept = kept
        self.out: list[str] = []
        self.inside = 0

    def handle_starttag(self, tag, attrs):
        if self.inside:
            self.inside += 1
            return
        key = dict(attrs).get("id") or ""
        if tag == "span" and key.startswith("k") and key[1:].isascii() and key[1:].isdigit():
            index = int(key[1:])
            if index < len(self.kept):
                self.out.append(self.kept[index])
                self.inside = 1

    def handle_endtag(self, tag):
        if self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if not self.inside:
            self.out.append(data)


def suggest(
    texts: Sequence[str],
    provider: Provider,
    *,
    source: str = "en",
    target: str = "zh",
    glossary: Glossary | None = None,
    protected: re.Pattern | None = None,
) -> list[str]:
    """One machine suggestion per text, its tags and glossary terms kept (see the module's note)."""
    prepared = [prepare(text, glossary=glossary, protected=protected) for text in texts]
    answers = provider.translate([item.sent for item in prepared], source=source, target=target)
    if len(answers) != len(prepared):
        raise MachineTranslationError(MALFORMED)
    return [restore(answer, item) for answer, item in zip(answers, prepared, strict=True)]
