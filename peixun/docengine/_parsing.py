"""What a bounded child process runs (``bounded.py``); the forkserver imports this module once, so every
child starts with lxml, python-pptx, python-docx and the engine already loaded."""

from __future__ import annotations

import docx  # noqa: F401 - preloaded for the children
import lxml.etree  # noqa: F401
import pptx  # noqa: F401

from . import export, extract, guard  # noqa: F401
