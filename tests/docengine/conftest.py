"""LibreOffice renders what python-pptx and python-docx only parse. CI installs it (.ci/run); on a
machine without it the LibreOffice tests skip and say why (and under CI a skip fails the run)."""

from __future__ import annotations

import shutil

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
