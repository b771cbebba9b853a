"""Chinese read aloud: pinyin for names and the sort keys that put text in the order its reader expects.

Chinese sorts by pinyin, character by character (阿 a, 李 li, 王 wang, 张 zhang); other text sorts without
regard to case or accents ("apple" before "Banana"). A key is plain lower-case ASCII where the text was
Chinese or Latin, so comparing keys byte by byte (see :class:`peixun.core.fields.ByteOrder`) gives that
order on SQLite and PostgreSQL alike, whatever the database's collation.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

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


def split_surname(name_zh: str) -> tuple[str, str]:
    name_zh = name_zh.strip()
    if len(name_zh) >= 3 and name_zh[:2] in SURNAME_READINGS:
        return name_zh[:2], name_zh[2:]
    return name_zh[:1], name_zh[1:]


_HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """Lower case without accents or punctuation: "Émile-Zola" -> "emile zola"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    no_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", no_marks)


def _toneless(reading: str) -> str:
    return _plain(reading).replace(" ", "")


def _surname_syllables(surname: str) -> list[str]:
    """The surname's own reading, one syllable per character where the ordinary reading shows where they part."""
    reading = _toneless(SURNAME_READINGS[surname])
    if len(surname) == 1:
        return [reading]
    ordinary = lazy_pinyin(surname, style=Style.NORMAL)
    last = ordinary[-1]
    if len(ordinary) == 2 and reading.endswith(last) and len(reading) > len(last):
        return [reading[: -len(last)], last]
    return [reading]


def sort_key(text: str, *, name: bool = False, max_length: int = 255) -> str:
    """The key that sorts ``text`` as its reader expects: "李明" -> "li ming", "Energy 能源" -> "energy neng yuan".

    Each Chinese character gives its syllable followed by a space, so 李明 (li ming) comes before 梁 (liang),
    as in a dictionary. With ``name``, a person's Chinese name is read with its surname reading
    (单 is Shàn, 曾 is Zēng).
    """
    text = _SPACES.sub(" ", (text or "").strip())
    if not text:
        return ""
    parts: list[str] = []
    if name and _HAN_RUN.match(text):
        compact = text.replace(" ", "")
        surname, given = split_surname(compact)
        if surname in SURNAME_READINGS:
            parts.extend(_surname_syllables(surname))
            text = given
    for run in _HAN_RUN.split(text):
        if not run:
            continue
        if _HAN_RUN.fullmatch(run):
            parts.extend(lazy_pinyin(run, style=Style.NORMAL))
        else:
            parts.append(_plain(run))
    return _SPACES.sub(" ", " ".join(parts)).strip()[:max_length]
