"""From a paragraph's runs to tagged text and back: what DrawingML and WordprocessingML share.

Each format cuts its paragraph into :class:`Atom` values (a stretch of text with its run, its
containers and its formatting's signature, or a placeholder), then :func:`tag_atoms` numbers the tags:
a container (a hyperlink; in Word also a content control, a field or an insertion) is a paired tag
around its atoms, a formatting other than the dominant one a paired ``g`` tag inside it, a break, tab
or field a placeholder. The dominant formatting is the one that holds most of the paragraph's
characters. :func:`plan` turns a translation back into what to write, tag by tag, forgiving what the
workbench's check would have reported: unknown and repeated tags are ignored, unclosed ones closed,
and a placeholder the translation lost (a field, a picture) is put at its end, so nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .tags import CLOSE, EMPTY, OPEN, Tag, Tagged, as_tagged

TEXT = "text"


@dataclass
class Atom:
    """A piece of a paragraph. ``kind`` is ``text`` or a placeholder kind (``br``, ``tab``, ``x``);
    ``path`` the containers around it (outermost first, as ``(key, kind, element)``); ``signature`` its
    formatting, compared to find spans; ``run`` the element whose properties it has; ``payload`` what a
    placeholder moves back (elements)."""

    kind: str
    text: str = ""
    path: tuple = ()
    signature: str = ""
    run: Any = None
    payload: list = field(default_factory=list)


@dataclass
class Spec:
    """What tag ``id`` stands for: ``kind``; ``element`` the run (``g``), the container (``a``, ``g`` of
    a container), the placeholder's element; ``payload`` a placeholder's elements; ``label`` for people."""

    id: int
    kind: str
    element: Any = None
    payload: list = field(default_factory=list)
    container: bool = False
    label: str = ""


@dataclass
class Inline:
    """A paragraph as tagged text: the model, what each tag stands for, and the dominant formatting's run
    and containers (where untagged text goes)."""

    tagged: Tagged
    specs: dict[int, Spec]
    dominant: Any
    dominant_path: tuple[int, ...]


def tag_atoms(atoms: list[Atom], label_of=None) -> Inline:
    if all(atom.kind == TEXT and not atom.path and atom.signature == atoms[0].signature for atom in atoms):
        # The common case, one formatting and no link, break or field: no tags.
        text = "".join(atom.text for atom in atoms)
        return Inline(Tagged((text,)), {}, atoms[0].run if atoms else None, ())
    texts = [atom for atom in atoms if atom.kind == TEXT and atom.text]
    totals: dict[str, int] = {}
    for atom in texts:
        totals[atom.signature] = totals.get(atom.signature, 0) + len(atom.text)
    dominant_signature = max(totals, key=lambda key: totals[key]) if totals else ""
    dominant = next((atom for atom in texts if atom.signature == dominant_signature), None)
    largest = max(texts, key=lambda atom: len(atom.text)) if texts else None
    # Placeholders of kind x next to each other are one tag (a field's begin, code and separator).
    merged: list[Atom] = []
    for atom in atoms:
        if atom.kind == "x" and merged and merged[-1].kind == "x":
            merged[-1].payload.extend(atom.payload)
        else:
            merged.append(atom)
    items: list[str | Tag] = []
    specs: dict[int, Spec] = {}
    stack: list[tuple[Any, int]] = []  # (key, tag id) of open spans
    largest_path: tuple[int, ...] = ()

    def open_span(key: Any, kind: str, element: Any, container: bool, label: str) -> None:
        number = len(specs) + 1
        specs[number] = Spec(number, kind, element, container=container, label=label)
        items.append(Tag(kind, number, OPEN))
        stack.append((key, number))

    for atom in merged:
        wanted: list[tuple[Any, str, Any, bool]] = [(key, kind, element, True) for key, kind, element in atom.path]
        if atom.kind == TEXT:
            if atom.signature != dominant_signature:
                wanted.append((("format", atom.signature), "g", atom.run, False))
        elif len(stack) > len(atom.path) and [key for key, _ in stack[: len(atom.path)]] == [
            key for key, _, _ in atom.path
        ]:
            # A placeholder stays inside the formatting span around it.
            wanted.append((stack[len(atom.path)][0], "g", None, False))
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep][0] == wanted[keep][0]:
            keep += 1
        while len(stack) > keep:
            key, number = stack.pop()
            items.append(Tag(specs[number].kind, number, CLOSE))
        for key, kind, element, container in wanted[keep:]:
            label = label_of(kind, element, container) if label_of else ""
            open_span(key, kind, element, container, label)
        if atom is largest:
            largest_path = tuple(number for key, number in stack if specs[number].container)
        if atom.kind == TEXT:
            items.append(atom.text)
        else:
            number = len(specs) + 1
            specs[number] = Spec(number, atom.kind, atom.run, payload=list(atom.payload))
            specs[number].label = label_of(atom.kind, atom.run, False) if label_of else ""
            items.append(Tag(atom.kind, number, EMPTY))
    while stack:
        _, number = stack.pop()
        items.append(Tag(specs[number].kind, number, CLOSE))
    return Inline(Tagged(tuple(items)), specs, dominant.run if dominant else None, largest_path)


@dataclass
class Step:
    """One thing to write: ``text`` (with ``\\n`` and ``\\t`` as breaks and tabs) or a placeholder's
    :class:`Spec`, inside the open specs ``within`` (outermost first)."""

    text: str | None
    placeholder: Spec | None
    within: tuple[Spec, ...]


def plan(inline: Inline, translation: str | Tagged) -> list[Step]:
    """The steps that write ``translation`` (a plain string is untagged text, put where the paragraph's
    largest run sat: inside its link, if it had one)."""
    tagged = as_tagged(translation)
    if not tagged.has_tags and inline.dominant_path:
        opened = [Tag(inline.specs[number].kind, number, OPEN) for number in inline.dominant_path]
        closed = [Tag(tag.kind, tag.id, CLOSE) for tag in reversed(opened)]
        tagged = Tagged((*opened, *tagged.items, *closed))
    steps: list[Step] = []
    stack: list[Spec] = []
    used: set[tuple[int, str]] = set()
    for item in tagged.items:
        if isinstance(item, str):
            steps.append(Step(item, None, tuple(stack)))
            continue
        spec = inline.specs.get(item.id)
        if spec is None or spec.kind != item.kind or (item.id, item.role) in used:
            continue
        used.add((item.id, item.role))
        if item.role == OPEN:
            stack.append(spec)
        elif item.role == CLOSE:
            if spec in stack:
                stack.remove(spec)
        else:
            steps.append(Step(None, spec, tuple(stack)))
    for number, spec in inline.specs.items():
        if spec.kind == "x" and (number, EMPTY) not in used:
            steps.append(Step(None, spec, ()))
    return steps


def innermost(within: tuple[Spec, ...], kind: str, container: bool | None = None) -> Spec | None:
    for spec in reversed(within):
        if spec.kind == kind and (container is None or spec.container == container):
            return spec
    return None


def describe_format(found: dict[str, Any], extra: list[str] = ()) -> str:
    """Explicit run formatting (``run_format``, and ``extra`` words) in a few words, for a chip's tooltip."""
    words = [name for name in ("bold", "italic", "underline") if found.get(name)] + list(extra)
    words += [f"not {name}" for name in ("bold", "italic", "underline") if found.get(name) is False]
    if "size" in found:
        words.append(f"{found['size']:g} pt")
    if "font" in found:
        words.append(found["font"])
    if "color" in found:
        words.append(f"#{found['color']}")
    return ", ".join(words) or "formatting"
