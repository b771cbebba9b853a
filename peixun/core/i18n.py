"""Helpers for content that exists in both languages."""

import functools
import re
from collections.abc import Callable

from django.db.models import Choices
from django.utils import translation


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
