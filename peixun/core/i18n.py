"""Helpers for content that exists in both languages."""

from django.utils import translation


def is_chinese() -> bool:
    return (translation.get_language() or "en").lower().startswith("zh")


def pick(english: str, chinese: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    if is_chinese():
        return chinese or english
    return english or chinese


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
