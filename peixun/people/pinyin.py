"""Romanised Chinese names, and the search keys that let people find them with or without tones."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, pinyin

# Surnames read differently from the same character in ordinary words, and two-character surnames.
SURNAME_READINGS = {
    "单": "Shàn",
    "曾": "Zēng",
    "解": "Xiè",
    "仇": "Qiú",
    "区": "Ōu",
    "查": "Zhā",
    "朴": "Piáo",
    "盖": "Gě",
    "乐": "Yuè",
    "覃": "Qín",
    "缪": "Miào",
    "翟": "Zhái",
    "召": "Shào",
    "种": "Chóng",
    "秘": "Bì",
    "繁": "Pó",
    "万": "Wàn",
    "柏": "Bǎi",
    "尉": "Wèi",
    "宁": "Nìng",
    "沈": "Shěn",
    "欧阳": "Ōuyáng",
    "司马": "Sīmǎ",
    "诸葛": "Zhūgě",
    "上官": "Shàngguān",
    "东方": "Dōngfāng",
    "皇甫": "Huángfǔ",
    "慕容": "Mùróng",
    "令狐": "Línghú",
    "长孙": "Zhǎngsūn",
    "尉迟": "Yùchí",
    "公孙": "Gōngsūn",
    "夏侯": "Xiàhóu",
    "司徒": "Sītú",
    "宇文": "Yǔwén",
    "端木": "Duānmù",
    "独孤": "Dúgū",
    "西门": "Xīmén",
    "南宫": "Nángōng",
    "闻人": "Wénrén",
    "轩辕": "Xuānyuán",
}


def _syllables(text: str) -> str:
    return "".join(item[0] for item in pinyin(text, style=Style.TONE, errors="default"))


def split_surname(name_zh: str) -> tuple[str, str]:
    name_zh = name_zh.strip()
    if len(name_zh) >= 3 and name_zh[:2] in SURNAME_READINGS:
        return name_zh[:2], name_zh[2:]
    return name_zh[:1], name_zh[1:]


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
