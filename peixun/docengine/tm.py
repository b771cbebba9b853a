"""Translation memory: earlier translations suggested for a new segment, exact matches first.

Scores are rapidfuzz's ``fuzz.ratio`` on normalised text (Unicode NFKC, case folded, whitespace
collapsed), as whole percentages: the share of characters the two sources have in common, the number
translators know from CAT tools as a "fuzzy match". An exact match (equal once normalised) scores
100 and says ``exact=True``; a fuzzy one is at most 99.

Scoring every entry for every segment is too slow for a large memory (50,000 entries × 2,000
segments is 10⁸ comparisons, about 6 s on two cores), so candidates come from an inverted index of
words first: an entry is scored only if it shares one of the segment's rarest words and its length
allows the score at all (``fuzz.ratio`` ≥ s needs the shorter text to be at least s/(2 − s) of the
longer one). That prefilter can miss a match that shares characters but few whole words; at 70 % and
more such matches are rare, and the benchmark counts how many it would miss.

Entries may be tagged (:class:`~peixun.docengine.tags.Tagged` sources and targets, or TMX units read
with their tags): matching is on the plain text, and a suggestion's ``tagged`` is the remembered
translation with its tags renumbered to the asked text's (:func:`~peixun.docengine.tags.carry_tags`),
``None`` when the two sources' tags differ in structure (the plain ``target`` is still offered).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .tags import Tagged, carry_tags

DEFAULT_LIMIT = 3
DEFAULT_MIN_SCORE = 70
#: At most this many of a segment's rarest words look up candidates (common words add cost, not signal).
LOOKUP_WORDS = 5
#: Candidates scored per segment, the ones sharing most words first.
MAX_CANDIDATES = 200
#: A text of at most this many words is scored against every entry of its length band, if the band
#: holds at most ``BAND_SCAN`` entries.
FEW_WORDS = 2
BAND_SCAN = 3000

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    """``source`` and ``target`` are plain text. For a remembered pair with tags, ``tagged_source`` is its
    source and ``tagged`` its target with the asked text's tag numbers (``None`` when the two sources'
    tags differ in structure); both are ``None`` for a pair without tags."""

    source: str
    target: str
    score: int
    exact: bool
    meta: dict[str, Any] = field(default_factory=dict)
    tagged: Tagged | None = None
    tagged_source: Tagged | None = None


class TranslationMemory:
    """Entries ``(source, target)``, ``(source, target, meta)`` or :class:`~peixun.docengine.tmx.TmxUnit`
    values; built once, asked many times."""

    def __init__(self, entries: Iterable[Sequence[Any]]):
        import numpy as np

        unique: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
        tagged: dict[tuple[str, str], tuple[Tagged, Tagged]] = {}
        for entry in entries:
            source, target, meta, tags = _entry(entry)
            if not source or not source.strip() or not target or not target.strip():
                continue
            # A memory often holds the same pair many times (every course that reused a slide): one is
            # enough, and the first keeps its metadata (and the first that has tags, its tags).
            key = (normalise(source), target)
            unique.setdefault(key, (source, target, meta))
            if tags is not None:
                tagged.setdefault(key, tags)
        # Entries are numbered by length, so the lengths a score allows are one range of numbers.
        ordered = sorted(unique.items(), key=lambda item: len(item[0][0]))
        self._normal = [normal for (normal, _), _ in ordered]
        self._sources = [source for _, (source, _, _) in ordered]
        self._targets = [target for _, (_, target, _) in ordered]
        self._metas = [meta for _, (_, _, meta) in ordered]
        self._tagged = [tagged.get(key) for key, _ in ordered]
        self._lengths = np.array([len(normal) for normal in self._normal], dtype=np.int32)
        self._exact: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for index, normal in enumerate(self._normal):
            self._exact.setdefault(normal, []).append(index)
            for word in set(_WORD.findall(normal)):
                postings.setdefault(word, []).append(index)
        self._postings = {word: np.array(indexes, dtype=np.int32) for word, indexes in postings.items()}

    def __len__(self) -> int:
        return len(self._sources)

    def suggest(
        self, text: str | Tagged, limit: int = DEFAULT_LIMIT, min_score: int = DEFAULT_MIN_SCORE
    ) -> list[Suggestion]:
        """Up to ``limit`` suggestions scoring at least ``min_score``: exact ones first, then by score.
        ``text`` may be tagged: it is matched on its plain text, and its tags number the suggestions'."""
        asked = text if isinstance(text, Tagged) else Tagged.from_plain(text)
        normal = normalise(asked.plain)
        if not normal or limit <= 0:
            return []
        found = [self._suggestion(index, 100, True, asked) for index in self._exact.get(normal, [])[:limit]]
        if len(found) < limit:
            for index, score in self._fuzzy(normal, min_score, limit - len(found)):
                found.append(self._suggestion(index, min(99, round(score)), False, asked))
        return found

    def suggest_many(
        self, texts: Iterable[str | Tagged], limit: int = DEFAULT_LIMIT, min_score: int = DEFAULT_MIN_SCORE
    ) -> list[list[Suggestion]]:
        """:meth:`suggest` for each text; the same text (once normalised, with the same tags) is looked
        up once, as a deck repeats its titles and footers."""
        cache: dict[tuple[str, str], list[Suggestion]] = {}
        results = []
        for text in texts:
            tags = str(Tagged(text.tags)) if isinstance(text, Tagged) else ""
            key = (normalise(text.plain if isinstance(text, Tagged) else text), tags)
            if key not in cache:
                cache[key] = self.suggest(text, limit, min_score)
            results.append(cache[key])
        return results

    def _suggestion(self, index: int, score: int, exact: bool, asked: Tagged) -> Suggestion:
        remembered = self._tagged[index]
        suggestion = Suggestion(self._sources[index], self._targets[index], score, exact, dict(self._metas[index]))
        if remembered is None:
            return suggestion
        source, target = remembered
        return replace(suggestion, tagged=carry_tags(source, target, asked), tagged_source=source)

    def _fuzzy(self, normal: str, min_score: int, limit: int) -> list[tuple[int, float]]:
        """Best-scoring entries other than exact ones, ``fuzz.ratio`` ≥ ``min_score``."""
        from rapidfuzz import fuzz, process

        candidates = self._candidates(normal, min_score)
        choices = {index: self._normal[index] for index in candidates if self._normal[index] != normal}
        if not choices:
            return []
        scored = process.extract(
            normal, choices, scorer=fuzz.ratio, processor=None, score_cutoff=min_score, limit=limit
        )
        return [(index, score) for _, score, index in scored]

    def _candidates(self, normal: str, min_score: int) -> list[int]:
        """Entries within the length the score allows that share one of the text's rarest words, those
        sharing most of them first."""
        import numpy as np

        share = min_score / 100
        low = int(np.searchsorted(self._lengths, math.ceil(len(normal) * share / (2 - share)), "left"))
        high = int(np.searchsorted(self._lengths, math.floor(len(normal) * (2 - share) / share), "right"))
        if low >= high:
            return []
        distinct = set(_WORD.findall(normal))
        if len(distinct) <= FEW_WORDS and high - low <= BAND_SCAN:
            # One or two words ("Recycling" against "Recycled") share no whole word with their near
            # matches; texts that short have a narrow length band, so score all of it.
            return list(range(low, high))
        words = [self._postings[word] for word in distinct if word in self._postings]
        if not words:
            return []
        words.sort(key=len)
        words = words[:LOOKUP_WORDS]
        ids = np.concatenate(words)
        ids = ids[(ids >= low) & (ids < high)]
        shared = np.bincount(ids - low, minlength=high - low)
        candidates = np.flatnonzero(shared)
        if len(candidates) > MAX_CANDIDATES:
            # Most shared words first; among equals (a memory holds many variants of one sentence) the
            # closest in length, which is what the character score rewards.
            distance = np.abs(self._lengths[candidates + low] - len(normal))
            rank = shared[candidates].astype(np.int64) * 4096 - np.minimum(distance, 4095)
            candidates = candidates[np.argpartition(-rank, MAX_CANDIDATES - 1)[:MAX_CANDIDATES]]
        return (candidates + low).tolist()


def _entry(entry: Any) -> tuple[str, str, dict[str, Any], tuple[Tagged, Tagged] | None]:
    """Plain source, plain target, metadata, and the tagged pair if either side is tagged."""
    if hasattr(entry, "source") and hasattr(entry, "target"):
        source, target = entry.source, entry.target
        tagged = (getattr(entry, "tagged_source", None), getattr(entry, "tagged_target", None))
        meta = dict(getattr(entry, "meta", None) or {})
    else:
        source, target = entry[0], entry[1]
        tagged = (source, target)
        meta = dict(entry[2]) if len(entry) > 2 and entry[2] else {}
    source = source.plain if isinstance(source, Tagged) else source
    target = target.plain if isinstance(target, Tagged) else target
    if not any(isinstance(side, Tagged) and side.has_tags for side in tagged):
        return source, target, meta, None
    pair = tuple(
        side if isinstance(side, Tagged) else Tagged.from_plain(plain)
        for side, plain in zip(tagged, (source, target), strict=True)
    )
    return source, target, meta, pair


def normalise(text: str) -> str:
    """What two texts must share to be the same source: NFKC, case folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
