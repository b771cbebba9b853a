"""The chip markup translators type in the workbench, read into tagged text and checked against the source.

A segment's source keeps its inline formatting, links, breaks and fields as numbered tags
(``peixun.docengine.tags``). In the workbench's text box a tag is written with its number only, as the
chips of the source show it::

    海绵城市 {1}占街道的35%{/1}{2/}见{3}地图{/3}

``{n}`` opens pair *n* (formatting or a link), ``{/n}`` closes it, ``{n/}`` is placeholder *n* (a line
break, a tab, a field). ``{{`` and ``}}`` are a brace of the text. What each number stands for comes from
the source, so :func:`parse_markup` needs it; :func:`to_markup` writes tagged text back as markup.

:func:`read_translation` is the one door the save goes through: it parses, refuses a brace that starts
no chip and text that looks like an HTML tag (Peixun does not read HTML: formatting is the chips), and
validates the tags against the source (a missing, extra, duplicated, unclosed or crossed tag is refused;
another order than the source's is allowed, as a language may need it). Every refusal names what is
wrong in the reader's language, with the tag as the translator sees it (``{1}…{/1} (bold)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peixun.docengine import Tag, Tagged, TagInfo, validate

#: A chip in markup: ``{12}``, ``{/12}``, ``{12/}``; or an escaped brace.
_TOKEN = re.compile(r"\{(/?)([1-9][0-9]{0,5})(/?)\}|\{\{|\}\}|[{}]")
#: Text a translator may have typed meaning formatting: an HTML or XML tag, a comment, a declaration.
#: An element closed by ``>`` (``<b>``, ``</a>``, ``<a href="…">``), an unclosed one with an attribute
#: (``<img src=x onerror=…``), a comment, a declaration or a processing instruction. ``x<y 则 z>w`` is text.
_HTML = re.compile(
    r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s+[A-Za-z_:][^<>]{0,200})?\s*/?>"
    r"|<[A-Za-z][A-Za-z0-9:-]*\s+[A-Za-z_:-]+\s*="
    r"|<!--|<!\[CDATA\[|<![A-Za-z]|<\?"
)
#: The chips of markup as the machine translation's protected pattern (escaped braces left alone).
PROTECTED = re.compile(r"(?<!\{)\{/?[1-9][0-9]{0,5}/?\}")
OPEN, CLOSE, EMPTY = "open", "close", "empty"
#: The problems that stop a save; ``tag_reordered`` alone is allowed.
REFUSED = frozenset(
    {"tag_syntax", "tag_missing", "tag_extra", "tag_duplicate", "tag_unclosed", "tag_unopened", "tag_crossed"}
)


class MarkupError(ValueError):
    """Markup that is not chips and text: ``code`` is ``brace`` or ``html``; ``position`` and ``text`` say where."""

    def __init__(self, code: str, position: int, text: str):
        self.code, self.position, self.text = code, position, text
        super().__init__(f"{code} at {position}: {text!r}")


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def to_markup(tagged: Tagged) -> str:
    """Tagged text as the translator types it (braces of the text doubled)."""
    parts = []
    for item in tagged.items:
        if isinstance(item, str):
            parts.append(_escape(item))
        elif item.role == EMPTY:
            parts.append(f"{{{item.id}/}}")
        elif item.role == OPEN:
            parts.append(f"{{{item.id}}}")
        else:
            parts.append(f"{{/{item.id}}}")
    return "".join(parts)


def chip_text(tag: Tag) -> str:
    """How one tag is written in markup."""
    return to_markup(Tagged((tag,)))


def parse_markup(text: str, source: Tagged) -> Tagged:
    """``text`` (markup) as tagged text with the kinds of ``source``'s tags.

    A number the source has not, or a pair written as a placeholder (or the reverse), becomes a tag
    :func:`peixun.docengine.validate` reports as extra. Raises :class:`MarkupError` for a brace that is
    neither a chip nor doubled."""
    kinds = {tag.id: tag.kind for tag in source.tags}
    items: list[str | Tag] = []
    position = 0
    for match in _TOKEN.finditer(text):
        items.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            items.append(token[0])
            continue
        if match.group(2) is None:
            raise MarkupError("brace", match.start(), text[match.start() : match.start() + 12])
        closing, number, empty = match.group(1), int(match.group(2)), match.group(3)
        if closing and empty:
            raise MarkupError("brace", match.start(), token)
        kind = kinds.get(number, "x" if empty else "g")
        items.append(Tag(kind, number, CLOSE if closing else EMPTY if empty else OPEN))
    items.append(text[position:])
    return Tagged(tuple(items))


def chip_names(source: Tagged, infos: Iterable[TagInfo] = ()) -> dict[str, str]:
    """Each of the source's tags as the translator sees it: ``{1}…{/1} (bold)``, ``{2/} (line break)``."""
    from .tagged_text import chip_what

    by_name = {info.name: info for info in infos}
    names = {}
    for tag in source.tags:
        if tag.name in names:
            continue
        written = f"{{{tag.id}/}}" if tag.role == EMPTY else f"{{{tag.id}}}…{{/{tag.id}}}"
        names[tag.name] = f"{written} ({chip_what(by_name.get(tag.name), tag.kind)})"
    return names


def _name_of(code: str, name: str, names: dict[str, str], source: Tagged, tagged: Tagged) -> str:
    """A tag the source has by its chip; an extra one as it was typed."""
    if code == "tag_extra":
        expected = set(source.tags)
        typed = next((tag for tag in tagged.tags if tag.name == name and tag not in expected), None)
        if typed is not None:
            return chip_text(typed)
    return names.get(name, name)


def read_translation(text: str, source: Tagged, infos: Iterable[TagInfo] = ()) -> Tagged:
    """The translator's markup as tagged text, or a ``ValidationError`` naming every fault.

    Text that looks like an HTML tag is refused unless the source's own words hold it (a deck may
    quote ``<Enter>``)."""
    from .tagged_text import tag_problem_message

    try:
        tagged = parse_markup(text, source)
    except MarkupError as error:
        raise ValidationError(
            _(
                "The translation has a brace that is not part of a tag, at character %(position)s (“%(text)s”). "
                "Tags are written {1}…{/1} or {2/}; write {{ or }} for a brace of the text."
            )
            % {"position": error.position + 1, "text": error.text},
            code="tag_syntax",
        ) from None
    for item in tagged.items:
        if not isinstance(item, str):
            continue
        for found in _HTML.finditer(item):
            if found.group(0) not in source.plain:
                raise ValidationError(
                    _(
                        "The translation holds “%(text)s”, which looks like an HTML tag. Peixun does not read "
                        "HTML: mark formatting and links with the tags of the original ({1}…{/1})."
                    )
                    % {"text": found.group(0)[:40]},
                    code="html",
                )
    problems = [problem for problem in validate(source, tagged) if problem.code in REFUSED]
    if problems:
        names = chip_names(source, infos)
        raise ValidationError(
            [
                ValidationError(
                    tag_problem_message(problem, _name_of(problem.code, problem.tag, names, source, tagged)),
                    code=problem.code,
                )
                for problem in problems
            ]
        )
    return tagged
