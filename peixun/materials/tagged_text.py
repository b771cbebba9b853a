"""Tagged segment text for people: a tagged string as safe HTML with chips, and tag problems in words.

The engine keeps a segment's inline formatting, links, breaks and fields as tags in its text
(``peixun.docengine.tags``: ``<g1>bold</g1>``, ``<a2>link</a2>``, ``<br3/>``). Nobody should read that
syntax: :func:`render_tagged` shows each tag as a chip (an inline ``<span>`` the workbench can style,
move and check) and everything else as escaped text; :func:`tag_problem_message` says what
:func:`peixun.docengine.validate` found, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from peixun.docengine import Tag, Tagged, TagInfo, TagProblem, TagSyntaxError

#: What a tag is, by kind.
KIND_NAMES = {
    "g": gettext_lazy("formatting"),
    "a": gettext_lazy("link"),
    "br": gettext_lazy("line break"),
    "tab": gettext_lazy("tab"),
    "x": gettext_lazy("field or object"),
}
#: The words of the engine's labels (``bold, italic, #C00000``); sizes, fonts and colours are kept.
LABEL_WORDS = {
    "bold": gettext_lazy("bold"),
    "italic": gettext_lazy("italic"),
    "underline": gettext_lazy("underlined"),
    "not bold": gettext_lazy("not bold"),
    "not italic": gettext_lazy("not italic"),
    "not underline": gettext_lazy("not underlined"),
    "formatting": gettext_lazy("formatting"),
    "link": gettext_lazy("link"),
    "line break": gettext_lazy("line break"),
    "tab": gettext_lazy("tab"),
    "field": gettext_lazy("field"),
    "field or object": gettext_lazy("field or object"),
    "content control": gettext_lazy("content control"),
    "insertion": gettext_lazy("tracked insertion"),
    "highlight": gettext_lazy("highlighted"),
    "superscript": gettext_lazy("superscript"),
    "subscript": gettext_lazy("subscript"),
    "strikethrough": gettext_lazy("struck through"),
}
#: What a chip shows: a pair's number on its opening and closing side, a placeholder's symbol.
_SYMBOLS = {"br": "↵", "tab": "⇥", "x": "◆"}

TAG_PROBLEM_MESSAGES = {
    "tag_syntax": gettext_lazy("The translation has a “<” that starts no tag."),
    "tag_missing": gettext_lazy("Tag {tag} of the original is missing from the translation."),
    "tag_extra": gettext_lazy("Tag {tag} is not in the original; remove it."),
    "tag_duplicate": gettext_lazy("Tag {tag} appears more than once; keep it once."),
    "tag_unclosed": gettext_lazy("Tag {tag} is opened but never closed."),
    "tag_unopened": gettext_lazy("Tag {tag} is closed before it is opened."),
    "tag_crossed": gettext_lazy(
        "Tag {tag} closes inside another tag it should enclose; nest the tags as in the original."
    ),
    "tag_reordered": gettext_lazy(
        "The tags are in another order than in the original, from {tag} on; check that this is meant."
    ),
}


def describe_tag(info: TagInfo | None, kind: str) -> str:
    """A chip's tooltip: what the tag is, and for formatting or a link what the engine said of it."""
    name = str(KIND_NAMES.get(kind, kind))
    if info is None or not info.label or info.label == "formatting":
        return name
    words = [_word(word) for word in info.label.split(", ")]
    detail = ", ".join(words)
    return detail if detail == name else f"{name}: {detail}"


def chip_what(info: TagInfo | None, kind: str) -> str:
    """What a chip stands for, shortly: ``bold, 24 pt``, ``link``, ``line break``."""
    name = str(KIND_NAMES.get(kind, kind))
    if info is None or not info.label or info.label == "formatting":
        return name
    return ", ".join(_word(word) for word in info.label.split(", "))


def chip_label(tag: Tag, info: TagInfo | None) -> str:
    """A chip's words for a screen reader and a tooltip: ``bold start 1``, ``bold end 1``, ``line break 2``."""
    what = chip_what(info, tag.kind)
    if tag.role == "open":
        return _("%(what)s start %(number)s") % {"what": what, "number": tag.id}
    if tag.role == "close":
        return _("%(what)s end %(number)s") % {"what": what, "number": tag.id}
    return _("%(what)s %(number)s") % {"what": what, "number": tag.id}


def _word(word: str) -> str:
    if word.startswith("style "):
        return gettext("style %(name)s") % {"name": word[len("style ") :]}
    return str(LABEL_WORDS.get(word, word))


def render_tagged(text: str | Tagged, tags: Iterable[TagInfo] = ()) -> SafeString:
    """``text`` (a canonical tagged string or a :class:`Tagged`) as HTML: text escaped, line breaks and
    tabs of untagged text kept as characters, each tag a ``<span class="tag-chip ...">`` with
    ``data-tag`` (``g1``), ``data-role`` (open, close, empty) and a ``title`` saying what it stands for.
    A string that is not valid tagged text is shown as plain text, escaped."""
    if isinstance(text, Tagged):
        tagged = text
    else:
        try:
            tagged = Tagged.parse(text)
        except TagSyntaxError:
            return mark_safe(escape(text))  # noqa: S308 - escaped just now
    infos = {info.name: info for info in tags}
    parts: list[str] = []
    for item in tagged.items:
        if isinstance(item, str):
            parts.append(escape(item))
        else:
            parts.append(_chip(item, infos.get(item.name)))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped or built by format_html


def _chip(tag: Tag, info: TagInfo | None) -> str:
    """A chip shows the tag as the translator types it (``{1}``, ``{/1}``, ``{2/}``) with its symbol; a
    screen reader reads its words instead (``bold start 1``)."""
    if tag.role == "empty":
        shown = f"{_SYMBOLS.get(tag.kind, '◆')}{{{tag.id}/}}"
    elif tag.role == "open":
        shown = f"{{{tag.id}}}"
    else:
        shown = f"{{/{tag.id}}}"
    return format_html(
        '<span class="tag-chip tag-{} tag-{}" data-tag="{}" data-role="{}" title="{}" contenteditable="false">'
        '<span aria-hidden="true">{}</span><span class="sr-only">{}</span></span>',
        tag.kind,
        tag.role,
        tag.name,
        tag.role,
        describe_tag(info, tag.kind),
        shown,
        chip_label(tag, info),
    )


def tag_problem_message(problem: TagProblem, shown: str | None = None) -> str:
    """One problem :func:`peixun.docengine.validate` reported, in the active language; ``shown`` names the
    tag as the reader sees it (``{1}…{/1} (bold)``), else the engine's name (``g1``)."""
    template = TAG_PROBLEM_MESSAGES.get(problem.code)
    if template is None:
        return gettext("The tags of the translation do not match the original.")
    return str(template).format(tag=shown if shown is not None else problem.tag)
