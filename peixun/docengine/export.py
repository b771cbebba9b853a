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
    from .fit import Metrics


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
    fit: bool | None = None,
    metrics: Metrics | None = None,
    limits: ParseLimits | None = None,
) -> bytes:
    """The file with each keyed paragraph's text replaced by its translation.

    ``mode="bilingual"`` keeps the original paragraph beneath each translated one (smaller, in a deck).
    ``fit`` (default: on for bilingual, off for translated) writes smaller sizes into a deck's frames
    and tables whose translated text would not fit them or the slide (``fit.py``), measured with
    ``metrics`` (the fonts; approximate widths without). Raises :class:`ExportError` when a key names
    no paragraph of the file, before writing anything. With ``limits`` the work is done in a child
    process held to them (``ParseLimitExceeded`` if not).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if limits is not None:
        from .bounded import run_bounded

        options = {"east_asian_font": east_asian_font, "lang": lang, "mode": mode, "fit": fit, "metrics": metrics}
        return run_bounded(_export_with_options, data, kind, translations, options, limits=limits)
    package, found = locate(data, kind)
    by_key = {item.key: item for item in found}
    unknown = sorted(key for key in translations if key not in by_key)
    if unknown:
        raise ExportError(unknown)
    if fit is None:
        fit = mode == BILINGUAL
    fitting = None
    if fit and kind == PPTX:
        from .fit import Fitting

        fitting = Fitting(package, metrics)
    write_all(package, kind, by_key, translations, mode=mode, east_asian_font=east_asian_font, lang=lang)
    if fitting is not None:
        for index in fitting.touched(by_key[key].element for key in translations):
            fitting.shrink(index)
    return package.save()


def write_all(
    package,
    kind: str,
    by_key: dict,
    translations: dict[str, str | Tagged],
    *,
    mode: str = TRANSLATED,
    east_asian_font: str = DEFAULT_EAST_ASIAN_FONT,
    lang: str = DEFAULT_LANG,
) -> None:
    """Write each translation into its paragraph of the opened ``package`` (keys already checked)."""
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


def _export_with_options(data: bytes, kind: str, translations: dict[str, str | Tagged], options: dict) -> bytes:
    return export(data, kind, translations, **options)
