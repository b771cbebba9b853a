"""Bilingual term lists and finding their English terms in a source text.

A glossary row is ``english, chinese, topic, notes``; ``chinese`` may list accepted alternatives
separated by ``|`` (the first is preferred). ``glossary_seed.csv`` next to this module is the curated
starting glossary, by the programme's twelve topics (the demo's topic slugs).

Matching is case-insensitive on word boundaries, tolerant of a plural ``-s``/``-es``/``-ies``, of a
hyphen or space between words and of British or American ``-ise``/``-ize``; an all-capital term (an
acronym such as ``BRT``) matches only in capitals, so ``Ppp`` in a name does not. Where terms
overlap the longest wins: "green bond market" finds "green bond", "carbon neutrality" is not also
"carbon".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SEED_PATH = Path(__file__).with_name("glossary_seed.csv")
#: The programme's twelve topics, as the curriculum's ``Topic.slug`` (peixun/demo/data.py).
TOPICS = (
    "energy-master-planning",
    "smart-transportation",
    "municipal-waste-water",
    "eco-heritage-tourism",
    "climate-resilient-design",
    "pollution-reduction",
    "green-financing",
    "clean-energy",
    "sustainable-lifestyles",
    "circular-economy",
    "green-buildings",
    "eco-cities",
)
_SEPARATOR = r"[\s\-\u2010\u2011\u2013]+"
_NORMALISE_SEPARATORS = re.compile(_SEPARATOR)


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    topic: str = ""
    notes: str = ""

    @property
    def accepted(self) -> tuple[str, ...]:
        """The Chinese renderings a translation may use, the preferred one first."""
        return tuple(part.strip() for part in self.chinese.split("|") if part.strip())

    @property
    def preferred(self) -> str:
        return self.accepted[0] if self.accepted else ""


@dataclass(frozen=True)
class TermMatch:
    """``term`` found in a text at ``start:end``, as written there (``text``)."""

    term: Term
    start: int
    end: int
    text: str


class GlossaryError(ValueError):
    """A glossary file that cannot be read; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class Glossary:
    """Terms, and one compiled pattern to find them all in one pass over a text."""

    def __init__(self, terms: Iterable[Term]):
        self.terms: tuple[Term, ...] = tuple(term for term in terms if term.english.strip() and term.accepted)

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def from_csv(cls, text: str) -> Glossary:
        """Rows of ``english,chinese,topic,notes`` with that header (``topic`` and ``notes`` optional)."""
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        if not reader.fieldnames or not {"english", "chinese"} <= set(reader.fieldnames):
            raise GlossaryError("the header must name the columns english and chinese", 1)
        terms = []
        for row in reader:
            if None in row:
                raise GlossaryError("more columns than the header names", reader.line_num)
            english, chinese = (row.get("english") or "").strip(), (row.get("chinese") or "").strip()
            if not english and not chinese:
                continue
            if not english or not chinese:
                raise GlossaryError("a term needs both its English and its Chinese", reader.line_num)
            terms.append(Term(english, chinese, (row.get("topic") or "").strip(), (row.get("notes") or "").strip()))
        return cls(terms)

    def find(self, text: str) -> list[TermMatch]:
        """Terms in ``text``, left to right, without overlaps."""
        matches = []
        for pattern, lookup in self._patterns:
            for found in pattern.finditer(text):
                term = lookup.get(_normalise(found.group(), pattern.flags & re.IGNORECASE))
                if term is not None:
                    matches.append(TermMatch(term, found.start(), found.end(), found.group()))
        matches.sort(key=lambda match: (match.start, -(match.end - match.start)))
        kept: list[TermMatch] = []
        for match in matches:
            if not kept or match.start >= kept[-1].end:
                kept.append(match)
        return kept

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern, dict[str, Term]]]:
        """One case-insensitive pattern for words and one case-sensitive pattern for acronyms."""
        groups: dict[bool, dict[str, Term]] = {True: {}, False: {}}
        sources: dict[bool, list[str]] = {True: [], False: []}
        for term in self.terms:
            acronym = _is_acronym(term.english)
            for variant in _written_forms(term.english):
                groups[not acronym].setdefault(_normalise(variant, not acronym), term)
            sources[not acronym].append(_pattern_source(term.english))
        compiled = []
        for ignore_case, alternatives in sources.items():
            if alternatives:
                alternatives = sorted(set(alternatives), key=len, reverse=True)
                flags = re.IGNORECASE if ignore_case else 0
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", flags)
                compiled.append((pattern, groups[ignore_case]))
        return compiled


def find_terms(text: str, glossary: Glossary) -> list[TermMatch]:
    """Glossary terms in ``text`` (see :meth:`Glossary.find`)."""
    return glossary.find(text)


def load_seed_glossary() -> Glossary:
    """The curated starting glossary shipped with the engine."""
    return Glossary.from_csv(SEED_PATH.read_text(encoding="utf-8"))


def _is_acronym(english: str) -> bool:
    letters = [character for character in english if character.isalpha()]
    return len(letters) >= 2 and all(character.isupper() for character in letters)


def _pattern_source(english: str) -> str:
    """A regular expression for the term: flexible separators, spelling variants, a plural ending."""
    words = _NORMALISE_SEPARATORS.split(english.strip())
    parts = [_spelling(re.escape(word)) for word in words[:-1]]
    last = words[-1]
    if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
        parts.append(_spelling(re.escape(last[:-1])) + "(?:y|ies)")
    elif last[-1:].isalpha():
        parts.append(_spelling(re.escape(last)) + "(?:s|es)?")
    else:
        parts.append(re.escape(last))
    return _SEPARATOR.join(parts)


def _spelling(escaped_word: str) -> str:
    """``-ise``/``-ize`` and ``-isation``/``-ization`` either way."""
    return re.sub(r"i[sz](ation|e|ed|ing)", r"i[sz]\1", escaped_word)


def _written_forms(english: str) -> set[str]:
    """The forms a lookup may meet, before normalisation (plurals and ``-ize`` spellings)."""
    base = english.strip()
    forms = {base, base + "s", base + "es"}
    if re.search(r"[^aeiou]y$", base, re.IGNORECASE):
        forms.add(base[:-1] + "ies")
    return forms


def _normalise(text: str, ignore_case: bool) -> str:
    text = _NORMALISE_SEPARATORS.sub(" ", text.strip())
    text = re.sub(r"iz(ation|e|ed|ing)", r"is\1", text, flags=re.IGNORECASE)
    return text.lower() if ignore_case else text
