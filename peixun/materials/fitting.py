"""The font metrics the document engine measures translated text with: Peixun's own Noto fonts."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings

from peixun.docengine import Metrics

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_metrics: dict[str, Metrics] = {}


def text_metrics() -> Metrics:
    """Noto Sans SC for Chinese and Noto Sans for Latin text, from the fonts ``prepare_fonts`` makes
    (made now if missing), read once per process; approximate widths if they cannot be had."""
    directory = str(settings.PEIXUN_FONT_DIR)
    with _lock:
        if directory not in _metrics:
            from peixun.core import fonts

            try:
                paths = fonts.ensure_fonts(
                    Path(directory), [fonts.FACES["NotoSansSC-Regular"], fonts.FACES["NotoSans-Regular"]]
                )
                found = Metrics.from_files(paths["NotoSansSC-Regular"], paths["NotoSans-Regular"])
            except (OSError, KeyError, ValueError) as error:
                logger.warning("Font metrics unavailable, estimating text widths: %s", error)
                found = Metrics()
            _metrics[directory] = found
        return _metrics[directory]
