"""Write translations back into a deck or a Word document: translated, or bilingual (Chinese above English).

Only the paragraphs named in ``translations`` change; every other paragraph keeps its XML exactly. A
translation is a :class:`~peixun.docengine.tags.Tagged` text (each tagged span written with its own
run properties and link, untagged text with the paragraph's dominant formatting) or a plain string
(today's translations: all of it in the dominant formatting).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from ._workbook import write_cells
from .extract import locate
from .segments import PPTX
from .tags import Tagged

TRANSLATED = "translated"
BILINGUAL = "bilingual"
MODES = (TRANSLATED, BILINGUAL)
#: A sans-serif CJK font that ships with Windows and Office; PowerPoint and Word substitute a near one
#: (PingFang SC, Noto Sans CJK SC) on other systems.
DEFAULT_EAST_ASIAN_FONT = "Microsoft YaHei"
DEFAULT_LANG = "zh-CN"

if TYPE_CHECKING:
    from .bounded import ParseLimits


class ExportError(ValueError):
    """``translations`` name paragraphs the file does not have (a stale segment list, or another file)."""

    def __init__(self, unknown_keys: list[str]):
        self.unknown_keys = unknown_keys
        shown = ", ".join(unknown_keys[:5]) + (" ..." if len(unknown_keys) > 5 else "")
        super().__init__(f"{len(unknown_keys)} translated segment(s) not found in the file: {shown}")

    def __reduce__(self):
        return (type(self), (self.unknown_keys,))


def export(
    data: bytes,
    kind: str,
    translations: dict[str, str | Tagged],
    *,
    east_asian_font: str = DEFAULT_EAST_ASIAN_FONT,
    lang: str = DEFAULT_LANG,
    mode: str = TRANSLATED,
    limits: ParseLimits | None = None,
) -> bytes:
    """The file with each keyed paragraph's text replaced by its translation.

    ``mode="bilingual"`` keeps the original paragraph beneath each translated one (smaller, in a deck).
    Raises :class:`ExportError` when a key names no paragraph of the file, before writing anything.
    With ``limits`` the work is done in a child process held to them (``ParseLimitExceeded`` if not).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if limits is not None:
        from .bounded import run_bounded

        options = {"east_asian_font": east_asian_font, "lang": lang, "mode": mode}
        return run_bounded(_export_with_options, data, kind, translations, options, limits=limits)
    package, found = locate(data, kind)
    by_key = {item.key: item for item in found}
    unknown = sorted(key for key in translations if key not in by_key)
    if unknown:
        raise ExportError(unknown)
    if kind == PPTX:
        from . import _drawingml as default_handler
    else:
        from . import _wordml as default_handler
    cells: dict[str, dict[tuple[str, str], str]] = {}
    for key, text in translations.items():
        item = by_key[key]
        handler = item.handler or default_handler
        for element, part in [(item.element, item.part), *item.mirrors]:
            original = copy.deepcopy(element) if mode == BILINGUAL else None
            handler.write_translation(element, text, east_asian_font=east_asian_font, lang=lang)
            if original is not None:
                handler.add_original_beneath(element, original)
            package.mark_changed(part)
        for workbook, sheet, cell in item.cells:
            cells.setdefault(workbook, {})[(sheet, cell)] = item.element.text or ""
    for workbook, values in cells.items():
        write_cells(package, workbook, values)
    return package.save()


def _export_with_options(data: bytes, kind: str, translations: dict[str, str | Tagged], options: dict) -> bytes:
    return export(data, kind, translations, **options)
