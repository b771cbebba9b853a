"""Quality checks on translations: per segment, and over a whole deck.

Each check returns :class:`Issue` values with a stable ``code`` and ``params``; the Django layer shows
them in the reader's language by code (``ISSUE_MESSAGES`` holds the English templates). Checks warn:
the translator decides, nothing is refused here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import _quantities
from .glossary import Glossary, Term
from .segments import EMU_PER_PT, NOTES, Box, Segment

ISSUE_MESSAGES = {
    "glossary_term_missing": "“{term}” is in the glossary as “{expected}”, which the translation does not use.",
    "numbers_changed": "Numbers differ from the source: missing {missing}; added {added}.",
    "untranslated": "The segment is not translated.",
    "placeholder_changed": (
        "Links, e-mail addresses or placeholders differ from the source: missing {missing}; added {added}."
    ),
    "overflow": "The translation needs about {percent}% of the space the box offers, so it may overflow.",
    "too_many_slides": "{slides} slides for a {minutes}-minute session; about {limit} slides fit.",
    "dense_slide": (
        "Slide {slide} is dense: {words} English words, {characters} Chinese characters "
        "(aim for at most {word_limit} words or {character_limit} characters)."
    ),
    "untranslated_segments": "{count} of {total} segments are not translated yet.",
    "inconsistent_term": "“{term}” is translated as “{expected}” in {consistent} segments but differently in {count}.",
    "flagged_term": "“{term}” appears in the {side}; the academy asked for it to be checked.",
    "frame_overflow": "Slide {slide}: the text needs about {lines} lines; its frame holds {available}.",
    "past_slide_bottom": "Slide {slide}: the text runs {cm} cm below the bottom of the slide.",
    "past_slide_top": "Slide {slide}: the text runs {cm} cm above the top of the slide.",
    "onto_footer": "Slide {slide}: the text runs {cm} cm onto the footer.",
    "table_past_slide": "Slide {slide}: the table grows {cm} cm below the bottom of the slide.",
}

#: Minutes of a session per slide: a lecture with more slides than this allows is rushed.
MINUTES_PER_SLIDE = 2
#: English words, and Chinese characters, on one slide (notes excluded) above which it is dense.
DENSE_WORDS = 80
DENSE_CHARACTERS = 160
#: Em widths of a character, for the overflow estimate: CJK and full-width forms are square.
CJK_EM = 1.0
LATIN_EM = 0.55
SPACE_EM = 0.28
#: Line height as a multiple of the font size, and the size assumed when the file states none.
LINE_HEIGHT = 1.2
DEFAULT_FONT_SIZE = 18.0
#: With auto-fit PowerPoint shrinks the text (to about 85 %): the box holds this much more.
AUTOFIT_ROOM = 1.4
#: Without a box, a translation wider than this share of the source may not fit where the source did.
LONGER_THAN_SOURCE = 1.5

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。、；：！？（）《》【】]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PLACEHOLDER = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\{\w*\}|%\(\w+\)[sd]|%\d*\$?[sd]")
_LETTER = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Issue:
    """One finding: ``code`` (a key of ``ISSUE_MESSAGES``), ``params`` for its message, the segment's
    ``key`` when it concerns one segment."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    key: str | None = None

    @property
    def message_en(self) -> str:
        params = {name: _shown(value) for name, value in self.params.items()}
        return ISSUE_MESSAGES[self.code].format(**params)


def check_segment(segment: Segment, translation: str, *, glossary: Glossary | None = None) -> list[Issue]:
    """Every per-segment check of ``translation`` against ``segment``; untranslated stops the rest."""
    issues = check_untranslated(segment.text, translation)
    if not issues:
        issues = [
            *(check_glossary(segment.text, translation, glossary) if glossary is not None else []),
            *check_numbers(segment.text, translation),
            *check_placeholders(segment.text, translation),
            *([] if segment.kind == NOTES else check_overflow(segment.text, translation, segment.box)),
        ]
    return [Issue(issue.code, issue.params, segment.key) for issue in issues]


def check_untranslated(source: str, translation: str | None) -> list[Issue]:
    """Empty, or the source unchanged though it has words to translate (acronyms such as "LEED" and
    numbers may rightly stay as they are)."""
    if translation is None or not translation.strip():
        return [Issue("untranslated", {"reason": "empty"})]
    same = _normal(source) == _normal(translation)
    if same and _LETTER.search(source) and not _all_capitals(source):
        return [Issue("untranslated", {"reason": "same_as_source"})]
    return []


def check_glossary(source: str, translation: str, glossary: Glossary) -> list[Issue]:
    """A glossary term of the source whose accepted Chinese renderings are all absent from the translation."""
    issues, seen = [], set()
    for match in glossary.find(source):
        term = match.term
        if term.english in seen:
            continue
        seen.add(term.english)
        if not any(chinese in translation for chinese in term.accepted):
            issues.append(Issue("glossary_term_missing", {"term": term.english, "expected": term.preferred}))
    return issues


def check_numbers(source: str, translation: str) -> list[Issue]:
    """The same quantities on both sides, read with scale and unit ("1.2 GW" is "120万千瓦")."""
    missing, added = _quantities.compare(source, translation)
    if missing or added:
        return [Issue("numbers_changed", {"missing": missing, "added": added})]
    return []


def check_placeholders(source: str, translation: str) -> list[Issue]:
    """URLs, e-mail addresses and ``{0}``, ``{{name}}``, ``%s`` tokens must come through unchanged."""
    expected, written = Counter(_tokens(source)), Counter(_tokens(translation))
    missing = sorted((expected - written).elements())
    added = sorted((written - expected).elements())
    if missing or added:
        return [Issue("placeholder_changed", {"missing": missing, "added": added})]
    return []


def check_overflow(source: str, translation: str, box: Box | None) -> list[Issue]:
    """Estimate whether the translation fits where the source was drawn.

    With a box: lines needed at the box's width and font size (CJK characters one em wide, Latin
    about 0.55 em) against the lines its height holds; the source's own line count counts as room (a
    frame shared by several paragraphs is taller than one of them needs). A box without height grows
    with its text (Word, table rows): no overflow. Without a box: a translation much wider than the
    source.
    """
    if box is None or not box.width:
        source_em, translated_em = text_em(source), text_em(translation)
        if source_em >= 8 and translated_em > source_em * LONGER_THAN_SOURCE:
            return [Issue("overflow", {"percent": round(100 * translated_em / source_em)})]
        return []
    if not box.height:
        return []
    size = box.font_size or DEFAULT_FONT_SIZE
    line_em = box.width / (size * EMU_PER_PT)
    available = box.height / (size * EMU_PER_PT * LINE_HEIGHT) * (AUTOFIT_ROOM if box.autofit else 1)
    room = max(math.floor(available), lines_needed(source, line_em), 1)
    needed = lines_needed(translation, line_em)
    if needed > room:
        return [Issue("overflow", {"percent": round(100 * needed / room), "lines": needed, "available": room})]
    return []


def text_em(text: str) -> float:
    """Rendered width of ``text`` in ems, roughly."""
    width = 0.0
    for character in text:
        if character.isspace():
            width += SPACE_EM
        elif unicodedata.east_asian_width(character) in ("W", "F"):
            width += CJK_EM
        else:
            width += LATIN_EM
    return width


def lines_needed(text: str, line_em: float) -> int:
    """Lines ``text`` takes when wrapped at ``line_em`` (each explicit line break starts a line)."""
    if line_em <= 0:
        return 1
    return sum(max(1, math.ceil(text_em(line) / line_em)) for line in text.split("\n"))


def check_deck(
    segments: Sequence[Segment],
    translations: Mapping[str, str],
    *,
    session_minutes: int | None = None,
    slide_count: int | None = None,
    flagged_terms: Iterable[str] = (),
    glossary: Glossary | None = None,
    dense_words: int = DENSE_WORDS,
    dense_characters: int = DENSE_CHARACTERS,
) -> list[Issue]:
    """Checks over the whole file: length for the session, dense slides, what is left untranslated,
    glossary terms translated inconsistently, terms the academy flagged.

    ``slide_count`` defaults to the highest slide number among the segments (a deck's last slides may
    have no text); ``session_minutes`` ``None`` skips the length check.
    """
    issues: list[Issue] = []
    issues += _check_length(segments, session_minutes, slide_count)
    issues += _check_density(segments, translations, dense_words, dense_characters)
    issues += _check_untranslated_count(segments, translations)
    if glossary is not None:
        issues += _check_consistency(segments, translations, glossary)
    issues += _check_flagged(segments, translations, flagged_terms)
    return issues


def _check_length(segments: Sequence[Segment], minutes: int | None, slide_count: int | None) -> list[Issue]:
    slides = slide_count if slide_count is not None else max((s.slide or 0 for s in segments), default=0)
    if not minutes or not slides:
        return []
    limit = max(1, minutes // MINUTES_PER_SLIDE)
    if slides > limit:
        return [Issue("too_many_slides", {"slides": slides, "minutes": minutes, "limit": limit})]
    return []


def _check_density(
    segments: Sequence[Segment], translations: Mapping[str, str], word_limit: int, character_limit: int
) -> list[Issue]:
    words: Counter[int] = Counter()
    characters: Counter[int] = Counter()
    for segment in segments:
        if segment.slide is None or segment.kind == NOTES:
            continue
        words[segment.slide] += len(_WORD.findall(segment.text))
        characters[segment.slide] += len(_CJK.findall(translations.get(segment.key) or ""))
    issues = []
    for slide in sorted(set(words) | set(characters)):
        if words[slide] > word_limit or characters[slide] > character_limit:
            params = {
                "slide": slide,
                "words": words[slide],
                "characters": characters[slide],
                "word_limit": word_limit,
                "character_limit": character_limit,
            }
            issues.append(Issue("dense_slide", params))
    return issues


def _check_untranslated_count(segments: Sequence[Segment], translations: Mapping[str, str]) -> list[Issue]:
    count = sum(1 for segment in segments if not (translations.get(segment.key) or "").strip())
    if count:
        return [Issue("untranslated_segments", {"count": count, "total": len(segments)})]
    return []


def _check_consistency(segments: Sequence[Segment], translations: Mapping[str, str], glossary: Glossary) -> list[Issue]:
    """A term rendered the glossary's way in some segments and otherwise in others.

    Without word alignment the other rendering is unknown; what is known is that the segments disagree,
    which is what a reviewer wants to look at. A term never rendered the glossary's way is the
    per-segment ``glossary_term_missing``, not an inconsistency.
    """
    usage: dict[str, tuple[Term, list[str], list[str]]] = {}
    for segment in segments:
        translation = translations.get(segment.key) or ""
        if not translation.strip():
            continue
        for term in {match.term for match in glossary.find(segment.text)}:
            entry = usage.setdefault(term.english.lower(), (term, [], []))
            uses_glossary = any(chinese in translation for chinese in term.accepted)
            (entry[1] if uses_glossary else entry[2]).append(segment.key)
    issues = []
    for term, consistent, other in usage.values():
        if consistent and other:
            params = {
                "term": term.english,
                "expected": term.preferred,
                "consistent": len(consistent),
                "count": len(other),
                "keys": other,
            }
            issues.append(Issue("inconsistent_term", params))
    return issues


def _check_flagged(segments: Sequence[Segment], translations: Mapping[str, str], terms: Iterable[str]) -> list[Issue]:
    patterns = [(term, _flag_pattern(term)) for term in dict.fromkeys(t.strip() for t in terms) if term]
    issues = []
    for segment in segments:
        sides = (("source", segment.text), ("translation", translations.get(segment.key) or ""))
        for term, pattern in patterns:
            for side, text in sides:
                if pattern.search(text):
                    params = {"term": term, "side": side, "slide": segment.slide}
                    issues.append(Issue("flagged_term", params, segment.key))
    return issues


def _flag_pattern(term: str) -> re.Pattern:
    """Latin words match whole and in any case; Chinese has no spaces, so a Chinese term matches anywhere."""
    escaped = re.escape(term)
    if _CJK.search(term):
        return re.compile(escaped)
    return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    tokens = [url.rstrip(".,;:!?)]}'\"") for url in _URL.findall(text)]
    rest = _URL.sub(" ", text)
    tokens += _EMAIL.findall(rest)
    tokens += [re.sub(r"\s+", "", token) for token in _PLACEHOLDER.findall(_EMAIL.sub(" ", rest))]
    return tokens


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _all_capitals(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    return bool(letters) and all(character.isupper() for character in letters)


def _shown(value: Any) -> Any:
    """Lists in messages as ``a, b``; an empty one as a dash."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) if value else "–"
    return value
