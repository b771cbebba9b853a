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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peixun.docengine import Tag, Tagged, TagInfo, TagProblem, TagSyntaxError

#: What a tag is, by kind.
KIND_NAMES = {
    "g": _("formatting"),
    "a": _("link"),
    "br": _("line break"),
    "tab": _("tab"),
    "x": _("field or object"),
}
#: The words of the engine's labels (``bold, italic, #C00000``); sizes, fonts and colours are kept.
LABEL_WORDS = {
    "bold": _("bold"),
    "italic": _("italic"),
    "underline": _("underlined"),
    "not bold": _("not bold"),
    "not italic": _("not italic"),
    "not underline": _("not underlined"),
    "formatting": _("formatting"),
    "link": _("link"),
    "line break": _("line break"),
    "tab": _("tab"),
    "field": _("field"),
    "field or object": _("field or object"),
    "content control": _("content control"),
    "insertion": _("tracked insertion"),
    "highlight": _("highlighted"),
    "superscript": _("superscript"),
    "subscript": _("subscript"),
    "strikethrough": _("struck through"),
}
#: What a chip shows: a pair's number on its opening and closing side, a placeholder's symbol.
_SYMBOLS = {"br": "↵", "tab": "⇥", "x": "◆"}

TAG_PROBLEM_MESSAGES = {
    "tag_syntax": _("The translation has a “<” that starts no tag."),
    "tag_missing": _("Tag {tag} of the original is missing from the translation."),
    "tag_extra": _("Tag {tag} is not in the original; remove it."),
    "tag_duplicate": _("Tag {tag} appears more than once; keep it once."),
    "tag_unclosed": _("Tag {tag} is opened but never closed."),
    "tag_unopened": _("Tag {tag} is closed before it is opened."),
    "tag_crossed": _("Tag {tag} closes inside another tag it should enclose; nest the tags as in the original."),
    "tag_reordered": _("The tags are in another order than in the original, from {tag} on; check that this is meant."),
}


def describe_tag(info: TagInfo | None, kind: str) -> str:
    """A chip's tooltip: what the tag is, and for formatting or a link what the engine said of it."""
    name = str(KIND_NAMES.get(kind, kind))
    if info is None or not info.label or info.label == "formatting":
        return name
    words = [_word(word) for word in info.label.split(", ")]
    detail = ", ".join(words)
    return detail if detail == name else f"{name}: {detail}"


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
    if tag.role == "empty":
        shown = f"{_SYMBOLS.get(tag.kind, '◆')}{tag.id}"
    elif tag.role == "open":
        shown = f"⟨{tag.id}"
    else:
        shown = f"{tag.id}⟩"
    return format_html(
        '<span class="tag-chip tag-{} tag-{}" data-tag="{}" data-role="{}" title="{}" contenteditable="false">'
        "{}</span>",
        tag.kind,
        tag.role,
        tag.name,
        tag.role,
        describe_tag(info, tag.kind),
        shown,
    )


def tag_problem_message(problem: TagProblem) -> str:
    """One problem :func:`peixun.docengine.validate` reported, in the active language."""
    template = TAG_PROBLEM_MESSAGES.get(problem.code)
    if template is None:
        return gettext("The tags of the translation do not match the original.")
    return str(template).format(tag=problem.tag)
