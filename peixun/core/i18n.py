"""Content in both languages: picking the reader's (``pick``, the model mixins, choice labels), and
writing both at once, English first, for what is read in either (``bilingual``, ``in_both_languages``,
``person_in_both_languages``, ``day_in_each_language``, ``day_in_both``): calendars, PDFs, e-mails."""

import datetime
import functools
import re
from collections.abc import Callable

from django.db.models import Choices
from django.utils import translation
from django.utils.formats import date_format


def is_chinese() -> bool:
    return (translation.get_language() or "en").lower().startswith("zh")


def pick(english: str, chinese: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    if is_chinese():
        return chinese or english
    return english or chinese


def picker() -> Callable[[str, str], str]:
    """pick() with the language looked up once, for lists that pick in every row."""
    if is_chinese():
        return lambda english, chinese: chinese or english
    return lambda english, chinese: english or chinese


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def split_by_language(text: str) -> tuple[str, str]:
    """One text of unknown language as (English, Chinese): a migration's guess for a field that gains its pair."""
    text = (text or "").strip()
    return ("", text) if has_chinese(text) else (text, "")


def pick_marked(english: str, chinese: str) -> tuple[str, str, bool]:
    """(text, its language code, whether it is the other language standing in for the reader's)."""
    if is_chinese():
        return (chinese, "zh-Hans", False) if chinese else (english, "en", bool(english))
    return (english, "en", False) if english else (chinese, "zh-Hans", bool(chinese))


class BilingualName:
    """Mixin for models with ``name_en`` and ``name_zh``."""

    @property
    def name(self) -> str:
        return pick(self.name_en, self.name_zh)

    def __str__(self) -> str:
        return self.name


class BilingualTitle:
    """Mixin for models with ``title_en`` and ``title_zh``."""

    @property
    def title(self) -> str:
        return pick(self.title_en, self.title_zh)

    def __str__(self) -> str:
        return self.title


@functools.cache
def _labels(choices: type[Choices], language: str) -> dict[str, str]:
    with translation.override(language):
        return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[Choices], value) -> str:
    """The label of ``value`` in the active language, as ``choices(value).label`` gives it.

    Translated once per language and process: a table of 55 rows asks for a label in every row.
    """
    return _labels(choices, translation.get_language() or "en")[value]


# ---------------------------------------------------------------- both languages at once

#: The languages a text "in both languages" is written in, in order.
BOTH_LANGUAGES = ("en", "zh-hans")


def bilingual(english: str, chinese: str, separator: str = " / ") -> str:
    """Both versions of a text, English first; once if they are the same or one is missing."""
    return separator.join(dict.fromkeys(text for text in (english, chinese) if text))


def in_both_languages(message, separator: str = " / ", **params) -> str:
    """A translatable (lazy) message in English and in Chinese.

    ``params`` are filled in per language: give a ``(english, chinese)`` pair where a value differs.
    """
    texts = []
    for index, language in enumerate(BOTH_LANGUAGES):
        with translation.override(language):
            values = {key: value[index] if isinstance(value, tuple) else value for key, value in params.items()}
            texts.append(str(message) % values if params else str(message))
    return bilingual(*texts, separator=separator)


def person_in_both_languages(name: str, name_zh: str) -> str:
    """A person's name with their Chinese name in brackets, when it differs: "Karen Whitfield (卡伦·惠特菲尔德)"."""
    return f"{name} ({name_zh})" if name_zh and name_zh != name else name


def day_in_each_language(day: datetime.date, date_format_message=None) -> tuple[str, str]:
    """A date in the formats Peixun's pages use (``peixun/formats/``), in English and in Chinese;
    ``date_format_message`` is a (lazy) format string, ``DATE_FORMAT`` by default."""
    texts = []
    for language in BOTH_LANGUAGES:
        with translation.override(language):
            fmt = str(date_format_message) if date_format_message is not None else "DATE_FORMAT"
            texts.append(date_format(day, fmt))
    return texts[0], texts[1]


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_in_both(day: datetime.date) -> tuple[str, str]:
    """A date as a formal document writes it, in English and in Chinese: ("19 October 2026", "2026年10月19日").

    The month's English name is written out here, not taken from the process's locale (``%B``), so a
    certificate reads the same on every server."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}", f"{day.year}年{day.month}月{day.day}日"
