"""The document engine's limits, from settings, and its refusals at those limits in the reader's language.

Shared by every upload that goes through the engine's guard (presentations, partners' documents) and by
the translated exports; the numbers and what they bound are in docs/document-engine.md ("Limits").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.docengine import ParseLimits

MB = 1024 * 1024

# Translators: the guard's refusals at its limits; params are the engine's (docs/document-engine.md).
LIMIT_MESSAGES = {
    "xml_part_too_large": _(
        "The %(part_name)s XML unpacks to %(size_mb)s MB; Peixun accepts at most %(limit_mb)s MB per part."
    ),
    "xml_too_large": _("The file's XML unpacks to %(size_mb)s MB in all; Peixun accepts at most %(limit_mb)s MB."),
    "too_many_elements": _(
        "The file is built of more than %(limit)s XML elements, the most Peixun accepts in one file; split it "
        "into smaller files and upload each."
    ),
    "too_many_paragraphs": _(
        "The file holds more than %(limit)s paragraphs (empty ones included), the most Peixun accepts in one "
        "file; split it into smaller files and upload each."
    ),
    "too_many_segments": _(
        "The file has %(segments)s paragraphs of text to translate; Peixun accepts at most %(limit)s in one "
        "file. Split it into smaller files and upload each."
    ),
    "parse_timeout": _(
        "Reading the file took longer than %(seconds)s seconds, the most Peixun allows; split it into smaller "
        "files and upload each."
    ),
    "parse_memory": _(
        "Reading the file needed more than %(limit_mb)s MB of memory, the most Peixun allows; split it into "
        "smaller files and upload each."
    ),
    "dtd": _(
        "The %(part_name)s XML declares a document type (<!DOCTYPE> or <!ENTITY>), which PowerPoint and Word "
        "never write; Peixun refuses such files as unsafe."
    ),
}

#: What an XML part is (the guard's ``part`` param), as the messages above name it.
PART_NAMES = {
    "slide": pgettext_lazy("part of a file", "slide"),
    "notes": pgettext_lazy("part of a file", "speaker notes"),
    "chart": pgettext_lazy("part of a file", "chart"),
    "diagram": pgettext_lazy("part of a file", "SmartArt"),
    "layout": pgettext_lazy("part of a file", "slide layout"),
    "master": pgettext_lazy("part of a file", "slide master"),
    "presentation": pgettext_lazy("part of a file", "presentation"),
    "document": pgettext_lazy("part of a file", "document body"),
    "header": pgettext_lazy("part of a file", "header"),
    "footer": pgettext_lazy("part of a file", "footer"),
    "footnotes": pgettext_lazy("part of a file", "footnotes"),
    "endnotes": pgettext_lazy("part of a file", "endnotes"),
    "comments": pgettext_lazy("part of a file", "comments"),
    "styles": pgettext_lazy("part of a file", "styles"),
    "theme": pgettext_lazy("part of a file", "theme"),
    "relationships": pgettext_lazy("part of a file", "relationships"),
    "other": pgettext_lazy("part of a file", "internal"),
}

EXPORT_LIMIT_MESSAGES = {
    "time": _("Writing the translated file took longer than %(limit)s seconds, the most Peixun allows."),
    "memory": _("Writing the translated file needed more than %(limit)s MB of memory, the most Peixun allows."),
}


def upload_limits() -> dict[str, Any]:
    """Keyword arguments for ``inspect_upload`` from ``settings.PEIXUN_DOCUMENT_LIMITS``."""
    limits = settings.PEIXUN_DOCUMENT_LIMITS
    return {
        "max_part_xml": limits["max_part_xml_mb"] * MB,
        "max_xml": limits["max_xml_mb"] * MB,
        "max_elements": limits["max_elements"],
        "max_paragraphs": limits["max_paragraphs"],
        "max_segments": limits["max_segments"],
        "parse_limits": parse_limits(),
    }


def parse_limits() -> ParseLimits:
    limits = settings.PEIXUN_DOCUMENT_LIMITS
    return ParseLimits(seconds=limits["parse_seconds"], memory_mb=limits["parse_memory_mb"])


def limit_params(params: dict[str, Any]) -> dict[str, Any]:
    """The guard's params with the part named in the reader's language."""
    shown = dict(params)
    if "part" in shown:
        shown["part_name"] = PART_NAMES.get(shown["part"], PART_NAMES["other"])
    return shown


def export_limit_message(exceeded) -> str:
    """An export stopped at a limit (``ParseLimitExceeded``), in the reader's language."""
    return str(EXPORT_LIMIT_MESSAGES[exceeded.what]) % {"limit": exceeded.limit}
