"""The document engine: decks and Word documents in, segments out, translations back in (no Django here).

Plain dataclasses in and out. Files are read and written part by part with zipfile and lxml; only the
upload guard imports python-pptx and python-docx (a file they cannot open is refused as broken), so
importing the engine stays cheap. docs/document-engine.md describes the segment keys, the checks and
the upload guard.

- A file the engine cannot read safely (a damaged zip, a lying directory, a DTD) raises
  :class:`PackageError` (``code``) from :func:`extract` and :func:`export` alike.
- :func:`inspect_upload` accepts a file or raises :class:`UploadRejected` (``code``, ``params``); it
  parses in a child process held to :class:`ParseLimits`, as :func:`extract` and :func:`export` do
  when given ``limits``.
- :func:`extract` splits a deck or document into :class:`Segment` values; :func:`export` writes
  translations back (``mode="translated"`` or ``"bilingual"``). A segment's :class:`Tagged` text
  carries its inline formatting, links, breaks and fields as tags; :func:`validate` checks a
  translation's tags against it (:class:`TagProblem` codes), :func:`carry_tags` renumbers a match's.
- :class:`TranslationMemory` suggests earlier translations; :func:`read_tmx`/:func:`write_tmx` exchange
  memories with CAT tools.
- :class:`Glossary` and :func:`find_terms`; :func:`check_segment` and :func:`check_deck` return
  :class:`Issue` values.
"""

from __future__ import annotations

from ._package import PackageError
from .bounded import ParseLimitExceeded, ParseLimits
from .checks import ISSUE_MESSAGES, Issue, check_deck, check_segment
from .export import BILINGUAL, TRANSLATED, ExportError, export
from .extract import extract
from .fit import Metrics, check_fit
from .glossary import TOPICS, Glossary, GlossaryError, Term, TermMatch, find_terms, load_seed_glossary
from .guard import PART_NAMES, REJECTION_MESSAGES, UploadInfo, UploadRejected, inspect_upload
from .segments import (
    CHART_TITLE,
    DOCX,
    ENDNOTE,
    FOOTER,
    FOOTNOTE,
    HEADER,
    NOTES,
    PARAGRAPH,
    PDF,
    PPTX,
    TABLE_CELL,
    Box,
    Location,
    Run,
    Segment,
    TagInfo,
)
from .tags import TAG_PROBLEMS, Tag, Tagged, TagProblem, TagSyntaxError, carry_tags, validate
from .tm import Suggestion, TranslationMemory
from .tmx import TmxError, TmxUnit, read_tmx, write_tmx

__all__ = [
    "BILINGUAL",
    "CHART_TITLE",
    "DOCX",
    "ENDNOTE",
    "FOOTER",
    "FOOTNOTE",
    "HEADER",
    "ISSUE_MESSAGES",
    "NOTES",
    "PARAGRAPH",
    "PART_NAMES",
    "PDF",
    "PPTX",
    "REJECTION_MESSAGES",
    "TABLE_CELL",
    "TOPICS",
    "TRANSLATED",
    "Box",
    "ExportError",
    "Glossary",
    "GlossaryError",
    "Issue",
    "Location",
    "PackageError",
    "ParseLimitExceeded",
    "ParseLimits",
    "Run",
    "Segment",
    "Suggestion",
    "TAG_PROBLEMS",
    "Tag",
    "TagInfo",
    "TagProblem",
    "TagSyntaxError",
    "Tagged",
    "Term",
    "TermMatch",
    "TmxError",
    "TmxUnit",
    "TranslationMemory",
    "UploadInfo",
    "UploadRejected",
    "check_deck",
    "carry_tags",
    "check_segment",
    "export",
    "check_fit",
    "Metrics",
    "extract",
    "find_terms",
    "inspect_upload",
    "load_seed_glossary",
    "read_tmx",
    "validate",
    "write_tmx",
]
