"""Helpers for content that exists in both languages."""

import functools
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
