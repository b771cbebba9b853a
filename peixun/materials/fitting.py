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
    """Noto Sans SC for Chinese and Noto Sans for Latin text, Regular and Bold (for bold runs), from the
    fonts ``prepare_fonts`` makes (made now if missing), read once per process; approximate widths if the
    regular faces cannot be had, the regular faces' widths for bold runs if the bold ones cannot."""
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
            else:
                try:
                    bold = fonts.ensure_fonts(
                        Path(directory), [fonts.FACES["NotoSansSC-Bold"], fonts.FACES["NotoSans-Bold"]]
                    )
                    found = Metrics.from_files(
                        paths["NotoSansSC-Regular"],
                        paths["NotoSans-Regular"],
                        cjk_bold=bold["NotoSansSC-Bold"],
                        latin_bold=bold["NotoSans-Bold"],
                    )
                except (OSError, KeyError, ValueError) as error:
                    logger.warning("Bold fonts unavailable, bold text estimated from the regular ones: %s", error)
            _metrics[directory] = found
        return _metrics[directory]
