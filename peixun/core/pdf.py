"""The kit every printable PDF shares: its fonts, text that mixes Chinese and Latin, the house colours
and margin, Chinese line breaking, and the footer drawn on every page of a document of several pages.

Chinese runs are set in Noto Sans SC, everything else in Noto Sans (see :mod:`peixun.core.fonts`);
both are embedded, as the subset each PDF uses, so every reader shows the same page. Quotation marks,
the middle dot, the ellipsis and the dash go with the Chinese when they touch a Chinese character
(“能源”, 卡伦·惠特菲尔德, ——), where Chinese typesetting wants them a character wide, and with the
Latin text otherwise (“Energy”, "Lecture · 3 h").

The layout code of each PDF (timetables, records, impact) uses :func:`paragraph`, :func:`markup`,
:func:`draw_string` and :func:`page_decorations` and knows nothing of Django; :func:`register_fonts`
reads the font folder from the settings once per process. Dates written in both languages are
:func:`peixun.core.i18n.day_in_both`'s.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from . import fonts

LATIN_FONT = "NotoSans-Regular"
LATIN_BOLD = "NotoSans-Bold"
CJK_FONT = "NotoSansSC-Regular"
CJK_BOLD = "NotoSansSC-Bold"
#: The font of each kind of text, regular and bold.
BOLD_OF = {LATIN_FONT: LATIN_BOLD, CJK_FONT: CJK_BOLD}

#: The house colours of every PDF, as on the pages.
GREEN = "#1f6f50"
INK = "#1d2327"
MUTED = "#5f6b73"
LINE = "#c5ced4"
SHADE = "#f1f5f3"
#: The page margin of a document of several pages, in points (about 1 cm).
MARGIN = 28

#: Chinese punctuation that must not begin a line. reportlab's CJK line breaking knows the Japanese
#: list, which lacks the full-width comma, semicolon, colon and marks that Chinese text uses.
CHINESE_CANNOT_START = "，；：！？）》」』】〕〗”’"

# Chinese characters, Chinese punctuation and full-width forms are set in the Chinese font.
_HAN = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# Punctuation both scripts use: it joins the Chinese run it touches.
_SHARED = "\u201c\u201d\u2018\u2019\u00b7\u2026\u2014"
_CHINESE_RUN = re.compile(rf"[{_SHARED}]*[{_HAN}](?:[{_SHARED}]*[{_HAN}])*[{_SHARED}]*")

_registering = threading.Lock()


def register_fonts(directory: Path | None = None) -> None:
    """Register the four faces with reportlab, once per process; the fonts are made first if the
    install step has not made them (``directory`` defaults to the ``PEIXUN_FONT_DIR`` setting)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _registering:
        if CJK_BOLD in pdfmetrics.getRegisteredFontNames():
            return
        if directory is None:
            from django.conf import settings

            directory = Path(settings.PEIXUN_FONT_DIR)
        paths = fonts.ensure_fonts(directory)
        for name in (LATIN_FONT, LATIN_BOLD, CJK_FONT):
            pdfmetrics.registerFont(TTFont(name, str(paths[name])))
        for regular, bold in BOLD_OF.items():
            for is_bold, is_italic in ((1, 1), (1, 0), (0, 1), (0, 0)):
                addMapping(regular, is_bold, is_italic, bold if is_bold else regular)
        # Registered last: the check above passes only once every face is there.
        pdfmetrics.registerFont(TTFont(CJK_BOLD, str(paths[CJK_BOLD])))


def font_runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """``text`` cut into (font, chunk) runs: its Chinese in the Chinese font, the rest in the Latin one."""
    latin, chinese = (LATIN_BOLD, CJK_BOLD) if bold else (LATIN_FONT, CJK_FONT)
    runs, position = [], 0
    for run in _CHINESE_RUN.finditer(text):
        if run.start() > position:
            runs.append((latin, text[position : run.start()]))
        runs.append((chinese, run.group()))
        position = run.end()
    if position < len(text):
        runs.append((latin, text[position:]))
    return runs


def markup(text: str, *, bold: bool = False) -> str:
    """``text`` as Paragraph markup: escaped, its Chinese runs set in the Chinese font (bold in a bold
    paragraph: a ``<font>`` tag inside one would otherwise fall back to the regular face)."""
    parts = []
    for font, chunk in font_runs(text, bold=bold):
        if font in (CJK_FONT, CJK_BOLD):
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
        else:
            parts.append(escape(chunk))
    return "".join(parts).replace("\n", "<br/>")


def is_bold(style) -> bool:
    return style.fontName in (LATIN_BOLD, CJK_BOLD)


def paragraph(text: str, style):
    """A reportlab Paragraph of plain ``text`` in ``style``, Chinese and Latin each in its font."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text, bold=is_bold(style)), style)


def string_width(text: str, size: float, *, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(chunk, font, size) for font, chunk in font_runs(text, bold=bold))


def draw_string(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left") -> None:
    """One line of mixed text on a canvas, starting at, centred on or ending at ``x``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if align == "centre":
        x -= string_width(text, size, bold=bold) / 2
    elif align == "right":
        x -= string_width(text, size, bold=bold)
    for font, chunk in font_runs(text, bold=bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, font, size)


def table_style(commands):
    """A TableStyle whose cells start in the embedded Latin font: every table cell sets a font as it
    is drawn, whatever it holds, and reportlab's default is Helvetica, which no PDF embeds."""
    from reportlab.platypus import TableStyle

    return TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN_FONT), *commands])


def chinese_line_breaking() -> None:
    """Teach reportlab's line breaking :data:`CHINESE_CANNOT_START` (once; calling again does nothing)."""
    import reportlab.platypus.paragraph as paragraph_module

    missing = "".join(c for c in CHINESE_CANNOT_START if c not in paragraph_module.ALL_CANNOT_START)
    if missing:
        paragraph_module.ALL_CANNOT_START += missing


def page_decorations(footer: str, printed: str, page_label: str, *, margin: float = MARGIN):
    """A canvas class (``canvasmaker``) that draws the footer on every page once it knows how many
    pages there are: ``footer`` on the left, ``printed`` in the middle and ``page_label`` on the right,
    whose ``{page}`` and ``{pages}`` are filled in."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            left, y = margin + 6, 16  # aligned with the content, inside the frame's padding
            self.saveState()
            self.setStrokeColor(colors.HexColor(LINE))
            self.setLineWidth(0.5)
            self.line(left, y + 10, width - left, y + 10)
            self.setFillColor(colors.HexColor(MUTED))
            draw_string(self, left, y, footer, 7.5)
            draw_string(self, width / 2, y, printed, 7.5, align="centre")
            draw_string(self, width - left, y, page_label.format(page=number, pages=total), 7.5, align="right")
            self.restoreState()

    return FooterCanvas
