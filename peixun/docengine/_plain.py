"""Texts that are a plain value rather than a paragraph: a chart's string-cache value (``c:v``).

The same four functions as ``_drawingml`` and ``_wordml`` (``inline``, ``paragraph_runs``,
``write_translation``, ``add_original_beneath``), so extract and export treat such a text like any
paragraph. A value holds no formatting, so its tagged text has no tags and a translation's tags are
dropped; a bilingual value is the translation above the original, on two lines.
"""

from __future__ import annotations

from ._inline import Inline
from ._xml import clean_text
from .segments import Run
from .tags import Tagged


def value_text(element) -> str:
    return element.text or ""


def inline(element) -> Inline:
    return Inline(Tagged((value_text(element),)), {}, element, ())


def paragraph_runs(element) -> tuple[Run, ...]:
    text = value_text(element)
    return (Run(text, {}),) if text else ()


def write_translation(element, text: str | Tagged, *, east_asian_font: str, lang: str) -> None:
    element.text = clean_text(text.plain if isinstance(text, Tagged) else text)


def add_original_beneath(element, original) -> None:
    element.text = f"{element.text or ''}\n{original.text or ''}"
