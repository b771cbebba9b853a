"""A presentation written back with its translations: the Chinese version or the bilingual one, as a file."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peixun.materials.enums import SegmentStatus
from peixun.materials.models import Material, MaterialVersion

EXPORT_MODES = ("translated", "bilingual")
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def export_filename(material: Material, version: MaterialVersion, mode: str) -> str:
    title = _UNSAFE_IN_FILENAME.sub(" ", material.title).strip() or "presentation"
    suffix = "中文" if mode == "translated" else "中英双语"
    return f"{title[:150]} {suffix}.{version.kind}"


def export_version(
    material: Material, version: MaterialVersion, mode: str, *, fit: bool | None = None
) -> tuple[bytes, str]:
    """The file with its segments' translations written in (untranslated paragraphs keep their bytes).

    ``fit`` shrinks a deck's text where it would not fit its frame or the slide (``None``: on for the
    bilingual version, off for the Chinese one).

    Called by the job ``materials.export`` (``jobs.py``), off the request. The writing runs in a child
    process held to the document limits' time and memory.
    """
    from peixun.core.document_limits import export_limit_message, parse_limits
    from peixun.docengine import ParseLimitExceeded, export
    from peixun.materials.fitting import text_metrics

    if mode not in EXPORT_MODES:
        raise ValidationError(_("Choose the Chinese version or the bilingual version."), code="mode")
    # A tagged translation is written with its formatting and links where the translator put the tags;
    # a plain one (an untagged source, or a row saved before tags were kept) in the dominant formatting.
    translations = {
        segment.key: segment.export_value()
        for segment in version.segments.exclude(target="")
        .exclude(status=SegmentStatus.UNTRANSLATED)
        .only("key", "target", "target_tagged")
    }
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        written = export(
            data, version.kind, translations, mode=mode, fit=fit, metrics=text_metrics(), limits=parse_limits()
        )
    except ParseLimitExceeded as exceeded:
        raise ValidationError(export_limit_message(exceeded), code=f"export_{exceeded.what}") from exceeded
    return written, export_filename(material, version, mode)
