"""Romanised Chinese names, and the search keys that let people find them with or without tones."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, pinyin

from peixun.core.pinyin import SURNAME_READINGS, split_surname

__all__ = ["SURNAME_READINGS", "name_to_pinyin", "split_surname", "strip_tones"]


def _syllables(text: str) -> str:
    return "".join(item[0] for item in pinyin(text, style=Style.TONE, errors="default"))


def name_to_pinyin(name_zh: str) -> str:
    """'王小明' -> 'Wáng Xiǎomíng'; surnames keep their surname reading ('单' is Shàn)."""
    name_zh = re.sub(r"\s+", "", name_zh or "")
    if not name_zh:
        return ""
    surname, given = split_surname(name_zh)
    surname_py = SURNAME_READINGS.get(surname) or _syllables(surname).capitalize()
    given_py = _syllables(given).capitalize()
    return f"{surname_py} {given_py}".strip()


def strip_tones(text: str) -> str:
    """Lower case, no tone marks, no tone numbers, no spaces or punctuation: 'Wáng Xiǎo-míng' -> 'wangxiaoming'."""
    # Decompose first so that ü carrying a tone mark (ǖ ǘ ǚ ǜ, as pypinyin writes it) becomes "v" like ü.
    decomposed = re.sub("[uU]\u0308", "v", unicodedata.normalize("NFKD", text))
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", no_marks.lower())
