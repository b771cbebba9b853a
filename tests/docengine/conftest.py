"""LibreOffice renders what python-pptx and python-docx only parse. CI installs it (.ci/run); on a
machine without it the LibreOffice tests skip and say why (and under CI a skip fails the run)."""

from __future__ import annotations

import shutil
import subprocess

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def chinese_font_installed() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs: without one LibreOffice draws every
    character as the same missing glyph, and the PDF's text cannot tell 译 from 文."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


CHINESE_FONT = chinese_font_installed()
