"""Tagged text: a segment's words with inline tags for formatting, links, breaks, tabs and fields.

As in XLIFF and the CAT tools, what a translator must keep but not read is a tag. A span whose
formatting differs from the paragraph's dominant formatting is a paired ``g`` tag, a hyperlink a paired
``a`` tag; a line break, a tab and anything else that is not text (a field, a picture, a footnote mark)
is a placeholder: ``br``, ``tab``, ``x``. Tags are numbered from 1 in the order they open in the source,
one number per tag whatever its kind. :class:`Tagged` is the model; its canonical string, which the
database and the memory store, is::

    Permeable paving covers <g1>35% of streets</g1><br2/>see <a3>the map</a3><x4/>

with ``&`` and ``<`` in the text written ``&amp;`` and ``&lt;`` (``&gt;`` is read too). What a tag
stands for (which run properties, which link) is not in the string: export finds it again in the source
paragraph by the tag's number, so a translation need only keep the numbers.

:func:`validate` compares a translation's tags with its source's and returns :class:`TagProblem` values
whose ``code`` is one of :data:`TAG_PROBLEMS` (the words for people belong to the Django layer);
:func:`carry_tags` renumbers a remembered translation's tags to a new source with the same structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

#: Paired tags: a span with its own formatting, a hyperlink.
PAIRED = ("g", "a")
#: Placeholders and the text they stand for in :attr:`Tagged.plain`.
PLACEHOLDERS = {"br": "\n", "tab": "\t", "x": ""}
OPEN, CLOSE, EMPTY = "open", "close", "empty"

#: What :func:`validate` reports. ``tag_reordered`` is the mildest: every tag is there and well nested,
#: but not in the source's order (a language may need that; a field's parts may not be swapped).
TAG_PROBLEMS = (
    "tag_syntax",
    "tag_missing",
    "tag_extra",
    "tag_duplicate",
    "tag_unclosed",
    "tag_unopened",
    "tag_crossed",
    "tag_reordered",
)

_TAG = re.compile(r"<(/?)(g|a)([1-9][0-9]{0,5})>|<(br|tab|x)([1-9][0-9]{0,5})/>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_ENTITY = re.compile(r"&(?:lt|gt|amp);")


class Tag(NamedTuple):
    """One tag: ``kind`` (``g``, ``a``, ``br``, ``tab``, ``x``), its number, and ``role`` (open, close, empty)."""

    kind: str
    id: int
    role: str

    @property
    def name(self) -> str:
        """``g1``, ``br2``: what names the tag in a problem report and on a chip."""
        return f"{self.kind}{self.id}"

    def __str__(self) -> str:
        if self.role == EMPTY:
            return f"<{self.kind}{self.id}/>"
        return f"<{'/' if self.role == CLOSE else ''}{self.kind}{self.id}>"


class TagSyntaxError(ValueError):
    """A string that is not tagged text: a ``<`` that starts no tag (``code`` is ``tag_syntax``)."""

    code = "tag_syntax"

    def __init__(self, position: int, text: str):
        self.position = position
        super().__init__(f"'<' at {position} starts no tag: {text[position : position + 12]!r}")


@dataclass(frozen=True)
class Tagged:
    """Text and tags in order: strings (never empty, never two in a row) and :class:`Tag` values."""

    items: tuple[str | Tag, ...] = ()

    def __post_init__(self) -> None:
        merged: list[str | Tag] = []
        for item in self.items:
            if isinstance(item, str):
                if not item:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += item
                    continue
            elif not isinstance(item, Tag):
                raise TypeError(f"a Tagged item is a str or a Tag, not {type(item).__name__}")
            merged.append(item)
        object.__setattr__(self, "items", tuple(merged))

    @classmethod
    def parse(cls, text: str) -> Tagged:
        """The canonical string back into a model; raises :class:`TagSyntaxError` on a stray ``<``."""
        items: list[str | Tag] = []
        position = 0
        while True:
            found = text.find("<", position)
            if found == -1:
                items.append(_unescape(text[position:]))
                break
            items.append(_unescape(text[position:found]))
            match = _TAG.match(text, found)
            if match is None:
                raise TagSyntaxError(found, text)
            if match.group(2):
                items.append(Tag(match.group(2), int(match.group(3)), CLOSE if match.group(1) else OPEN))
            else:
                items.append(Tag(match.group(4), int(match.group(5)), EMPTY))
            position = match.end()
        return cls(tuple(items))

    @classmethod
    def from_plain(cls, text: str) -> Tagged:
        """Untagged text (today's translations): line breaks and tabs stay characters of the text."""
        return cls((text,))

    def __str__(self) -> str:
        return "".join(str(item) if isinstance(item, Tag) else escape(item) for item in self.items)

    @property
    def plain(self) -> str:
        """The words alone, for matching, search and length checks: breaks ``\\n``, tabs ``\\t``."""
        return "".join(
            item if isinstance(item, str) else PLACEHOLDERS.get(item.kind, "") if item.role == EMPTY else ""
            for item in self.items
        )

    @property
    def tags(self) -> tuple[Tag, ...]:
        return tuple(item for item in self.items if isinstance(item, Tag))

    @property
    def has_tags(self) -> bool:
        return any(isinstance(item, Tag) for item in self.items)

    def renumbered(self, numbers: dict[int, int]) -> Tagged:
        """The same text with tag ``n`` numbered ``numbers[n]`` (numbers not in the map kept)."""
        return Tagged(
            tuple(
                item if isinstance(item, str) else Tag(item.kind, numbers.get(item.id, item.id), item.role)
                for item in self.items
            )
        )

    def without_tags(self) -> Tagged:
        return Tagged((self.plain,))


class TagProblem(NamedTuple):
    """One fault of a translation's tags: ``code`` (a :data:`TAG_PROBLEMS` value) and the tag's name."""

    code: str
    tag: str


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda match: _ENTITIES[match.group(0)], text) if "&" in text else text


def as_tagged(value: str | Tagged) -> Tagged:
    """A plain string is untagged text (never parsed: a ``<`` typed by a translator is just a ``<``)."""
    return value if isinstance(value, Tagged) else Tagged.from_plain(value)


def validate(source: Tagged, target: Tagged) -> list[TagProblem]:
    """What is wrong with ``target``'s tags against ``source``'s, in the order found; empty if nothing.

    Each source tag must be in the target once (``tag_missing``, ``tag_duplicate``), no other tag
    may be (``tag_extra``: an unknown number, or a known number of another kind), a pair must open
    before it closes (``tag_unopened``, ``tag_unclosed``) and pairs must nest (``tag_crossed``). When
    none of these is found, tags in another order than the source's give ``tag_reordered``.
    """
    expected = {(tag.kind, tag.id, tag.role) for tag in source.tags}
    problems: list[TagProblem] = []

    def report(code: str, name: str) -> None:
        if TagProblem(code, name) not in problems:
            problems.append(TagProblem(code, name))

    seen: set[tuple[str, int, str]] = set()
    stack: list[Tag] = []
    for tag in target.tags:
        key = (tag.kind, tag.id, tag.role)
        if key not in expected:
            report("tag_extra", tag.name)
            continue
        if key in seen:
            report("tag_duplicate", tag.name)
            continue
        seen.add(key)
        if tag.role == OPEN:
            stack.append(tag)
        elif tag.role == CLOSE:
            if stack and stack[-1].id == tag.id:
                stack.pop()
            elif any(open_tag.id == tag.id for open_tag in stack):
                report("tag_crossed", tag.name)
                stack = [open_tag for open_tag in stack if open_tag.id != tag.id]
            else:
                report("tag_unopened", tag.name)
    for tag in source.tags:
        key = (tag.kind, tag.id, tag.role)
        if key in seen:
            continue
        if tag.role == EMPTY:
            report("tag_missing", tag.name)
        elif (tag.kind, tag.id, OPEN if tag.role == CLOSE else CLOSE) in seen:
            report("tag_unclosed" if tag.role == CLOSE else "tag_unopened", tag.name)
        else:
            report("tag_missing", tag.name)
    if not problems and target.tags != source.tags:
        first = next(t for s, t in zip(source.tags, target.tags, strict=True) if s != t)
        report("tag_reordered", first.name)
    return problems


def carry_tags(remembered_source: Tagged, remembered_target: Tagged, new_source: Tagged) -> Tagged | None:
    """``remembered_target`` with its tags renumbered to ``new_source``'s, when the remembered source's
    tags have the same structure (the same kinds and roles in the same order); else ``None``.

    A memory match without tags on either side carries nothing to renumber: the target comes back as it is.
    """
    old, new = remembered_source.tags, new_source.tags
    if not old and not new:
        return remembered_target
    if len(old) != len(new) or any((a.kind, a.role) != (b.kind, b.role) for a, b in zip(old, new, strict=True)):
        return None
    numbers: dict[int, int] = {}
    for a, b in zip(old, new, strict=True):
        if numbers.setdefault(a.id, b.id) != b.id:
            return None
    if not {tag.id for tag in remembered_target.tags} <= numbers.keys():
        return None
    return remembered_target.renumbered(numbers)
