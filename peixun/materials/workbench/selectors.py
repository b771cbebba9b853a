"""What the translation workbench reads: a presentation's segments a page at a time, its progress, and
the translation memory and glossary the document engine asks, with what is shown beside each segment.

A 200-slide deck has some 2,000 segments; a page shows ten slides. The document engine knows nothing
of Django: :func:`engine_segment` adapts a row to its :class:`~peixun.docengine.Segment`.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from peixun.materials import selectors as material_selectors
from peixun.materials.enums import ISSUE_MESSAGES, MaterialState, SegmentStatus
from peixun.materials.models import GlossaryTerm, Material, MaterialVersion, MemoryEntry, Segment

#: Slides shown on one page of a deck; a Word document shows this many segments a page instead.
SLIDES_PER_PAGE = 10
SEGMENTS_PER_PAGE = 40
SUGGESTIONS_SHOWN = 3
EDITABLE_KINDS = ("pptx", "docx")
#: Steps in which the translation may still change; from the academy's review on it is what was approved.
TRANSLATABLE_STATES = (MaterialState.ADAPTATION, MaterialState.TRANSLATION)


def visible_materials(user) -> QuerySet[Material]:
    """Presentations whose translation the user may at least read: those whose page they may open."""
    return material_selectors.visible_materials(user)


def editable_version(material: Material) -> MaterialVersion | None:
    """The newest version the engine can split into segments (a PDF is kept for reference only)."""
    return material.versions.filter(kind__in=EDITABLE_KINDS).order_by("-number").first()


def is_open_for_translation(material: Material) -> bool:
    return material.state in TRANSLATABLE_STATES


@dataclass(frozen=True)
class Progress:
    translated: int
    draft: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 0

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.draft


def progress_of(version: MaterialVersion) -> Progress:
    counts = version.segments.aggregate(
        total=Count("pk"),
        translated=Count("pk", filter=Q(status=SegmentStatus.TRANSLATED)),
        draft=Count("pk", filter=Q(status=SegmentStatus.DRAFT)),
    )
    return Progress(translated=counts["translated"], draft=counts["draft"], total=counts["total"])


def mark_progress(materials: list[Material]) -> None:
    """Set each presentation's ``segments_total``, ``segments_done`` and ``percent`` (translated segments of
    the newest version the engine can split, as :func:`editable_version` picks it), in two queries for all."""
    versions = {}
    for material_id, version_id in (
        MaterialVersion.objects.filter(material__in=[m.pk for m in materials], kind__in=EDITABLE_KINDS)
        .order_by("material_id", "number")
        .values_list("material_id", "pk")
    ):
        versions[material_id] = version_id  # the newest wins
    progress = {
        row["version_id"]: row
        for row in Segment.objects.filter(version_id__in=versions.values())
        .values("version_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=SegmentStatus.TRANSLATED)))
    }
    for material in materials:
        row = progress.get(versions.get(material.pk), {"total": 0, "done": 0})
        material.segments_total, material.segments_done = row["total"], row["done"]
        material.percent = round(100 * row["done"] / row["total"]) if row["total"] else 0


@dataclass
class SegmentPage:
    number: int
    count: int
    segments: list[Segment]
    #: The slides this page shows (a deck), or None (a document paged by segments).
    slides: list[int] | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)


def _page_number(value, count: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(count, 1))


def segment_page(version: MaterialVersion, page: Any = 1) -> SegmentPage:
    """One page of segments in reading order: ten slides of a deck, or forty segments of a document."""
    segments = version.segments.order_by("order")
    slides = list(
        version.segments.filter(slide__isnull=False).order_by("slide").values_list("slide", flat=True).distinct()
    )
    if slides:
        count = -(-len(slides) // SLIDES_PER_PAGE)
        number = _page_number(page, count)
        shown = slides[(number - 1) * SLIDES_PER_PAGE : number * SLIDES_PER_PAGE]
        rows = segments.filter(slide__in=shown)
        if number == count:
            # Anything without a slide number (none in a deck today) is kept on the last page, never lost.
            rows = segments.filter(Q(slide__in=shown) | Q(slide__isnull=True))
        return SegmentPage(number=number, count=count, segments=list(rows), slides=shown)
    total = version.segments.count()
    count = max(1, -(-total // SEGMENTS_PER_PAGE))
    number = _page_number(page, count)
    rows = list(segments[(number - 1) * SEGMENTS_PER_PAGE : number * SEGMENTS_PER_PAGE])
    return SegmentPage(number=number, count=count, segments=rows)


def page_of_segment(segment: Segment) -> int:
    """The page of the workbench that shows ``segment``."""
    if segment.slide is not None:
        slides = list(
            segment.version.segments.filter(slide__isnull=False, slide__lt=segment.slide)
            .order_by("slide")
            .values_list("slide", flat=True)
            .distinct()
        )
        return len(slides) // SLIDES_PER_PAGE + 1
    before = segment.version.segments.filter(order__lt=segment.order).count()
    return before // SEGMENTS_PER_PAGE + 1


# Derived data, rebuilt whenever the rows change: a process keeps the last one it built, keyed by what
# identifies the rows' state, so several app servers never need to agree on anything.
_cache_lock = threading.Lock()
_memory_cache: dict[str, Any] = {}
_glossary_cache: dict[str, Any] = {}


def translation_memory():
    """The memory as the engine's :class:`~peixun.docengine.TranslationMemory`, built once per change.

    Entries are only ever added or removed (never edited in place), so the highest id, the count and
    the newest time identify the rows (the time too, as ids can come back after a rolled-back
    transaction); one aggregate query checks that, and the rows are read again only when it moved.
    """
    from peixun.docengine import TranslationMemory

    state = MemoryEntry.objects.aggregate(last=Max("pk"), count=Count("pk"), newest=Max("created_at"))
    key = (state["last"], state["count"], state["newest"])
    with _cache_lock:
        if _memory_cache.get("key") == key:
            return _memory_cache["memory"]
    from peixun.docengine import Tagged

    rows = MemoryEntry.objects.order_by("pk").values_list(
        "source", "target", "source_tagged", "target_tagged", "origin"
    )
    memory = TranslationMemory(
        (
            Tagged.parse(source_tagged) if source_tagged else source,
            Tagged.parse(target_tagged) if target_tagged else target,
            {"origin": origin},
        )
        for source, target, source_tagged, target_tagged, origin in rows.iterator()
    )
    with _cache_lock:
        _memory_cache.update(key=key, memory=memory)
    return memory


def glossary():
    """The glossary as the engine's :class:`~peixun.docengine.Glossary` (its patterns compiled once per change)."""
    from peixun.docengine import Glossary, Term

    rows = list(
        GlossaryTerm.objects.order_by("pk").values_list("english", "chinese", "topic__slug", "topic_slug", "notes")
    )
    key = hashlib.sha256(repr(rows).encode()).hexdigest()
    with _cache_lock:
        if _glossary_cache.get("key") == key:
            return _glossary_cache["glossary"]
    built = Glossary(Term(english, chinese, topic or slug, notes) for english, chinese, topic, slug, notes in rows)
    with _cache_lock:
        _glossary_cache.update(key=key, glossary=built)
    return built


def engine_segment(segment: Segment):
    """The engine's view of a stored segment, for the checks."""
    from peixun.docengine import Box, Location, Run
    from peixun.docengine import Segment as EngineSegment

    box = None
    if isinstance(segment.box, dict):
        fields = ("width", "height", "font_size", "autofit")
        box = Box(**{name: segment.box[name] for name in fields if name in segment.box})
    elif isinstance(segment.box, list | tuple) and segment.box:
        box = Box(*segment.box)
    runs = tuple(Run(text, fmt or {}) for text, fmt in _runs(segment.runs))
    return EngineSegment(
        key=segment.key,
        order=segment.order,
        text=segment.source,
        kind=segment.kind,
        location=Location(segment.part, segment.slide),
        runs=runs,
        box=box,
    )


def _runs(runs) -> list[tuple[str, dict]]:
    """Runs as stored: ``[text, format]`` pairs (a NamedTuple through JSON) or ``{"text", "format"}`` objects."""
    found = []
    for run in runs or ():
        if isinstance(run, dict):
            found.append((run.get("text", ""), run.get("format") or {}))
        elif isinstance(run, list | tuple) and len(run) == 2:
            found.append((run[0], run[1] if isinstance(run[1], dict) else {}))
    return found


def format_hints(segment: Segment) -> list[str]:
    """What the translator should keep of the formatting: bold, italic, underline, sizes, colours."""
    hints: list[str] = []
    runs = _runs(segment.runs)
    if not runs:
        return hints
    formats = [fmt for text, fmt in runs if text.strip()]
    if formats and all(fmt.get("bold") for fmt in formats):
        hints.append(_("bold"))
    elif any(fmt.get("bold") for fmt in formats):
        hints.append(_("partly bold"))
    if formats and all(fmt.get("italic") for fmt in formats):
        hints.append(_("italic"))
    elif any(fmt.get("italic") for fmt in formats):
        hints.append(_("partly italic"))
    if any(fmt.get("underline") for fmt in formats):
        hints.append(_("underlined"))
    sizes = sorted({fmt["size"] for fmt in formats if fmt.get("size")})
    if sizes:
        shown = "–".join(f"{size:g}" for size in (sizes[0], sizes[-1]) if size) if len(sizes) > 1 else f"{sizes[0]:g}"
        hints.append(_("%(size)s pt") % {"size": shown})
    return hints


KIND_LABELS = {
    "table-cell": lambda: _("table"),
    "notes": lambda: _("speaker notes"),
    "chart-title": lambda: _("chart title"),
    "header": lambda: _("header"),
    "footer": lambda: _("footer"),
    "footnote": lambda: _("footnote"),
    "endnote": lambda: _("endnote"),
    "chart-label": lambda: _("chart label"),
    "smartart": lambda: pgettext("part of a file", "SmartArt"),
    "text-box": lambda: _("text box"),
    "comment": lambda: pgettext("part of a file", "comment"),
    "master": lambda: pgettext("part of a file", "slide master"),
}


def location_label(segment: Segment) -> str:
    """Where the segment sits, for people: "Slide 3 · table", "Slide 3 · speaker notes", "Document · footnote"."""
    kind = KIND_LABELS.get(segment.kind)
    if segment.slide is not None:
        where = _("Slide %(number)s") % {"number": segment.slide}
    elif segment.kind in ("header", "footer", "footnote", "endnote", "comment", "master"):
        return kind().capitalize()
    else:
        where = _("Document")
    return f"{where} · {kind()}" if kind else where


def issue_message(issue) -> str:
    """An engine :class:`~peixun.docengine.Issue` in the reader's language (the params are the contract)."""
    params = {name: _shown(value) for name, value in issue.params.items()}
    template = ISSUE_MESSAGES.get(issue.code)
    if template is None:
        return issue.message_en
    return str(template) % params


def _shown(value):
    if isinstance(value, list | tuple):
        # Translators: what separates the items of a list in a message ("30 %, 5 km"); Chinese uses 、
        return pgettext("list separator", ", ").join(str(item) for item in value) if value else "–"
    return value


@dataclass(frozen=True)
class Chip:
    """One tag of a segment's source as the workbench offers it: ``text`` as typed (``{1}``), its
    words (``bold start 1``) and, for a pair, the closing text (``{/1}``)."""

    number: int
    text: str
    label: str
    closing: str = ""


@dataclass
class ShownSuggestion:
    """A memory match or machine translation as the workbench shows it: ``html`` with chips, ``markup``
    what the use button puts in the box (tags renumbered to this segment's; none when they could not be)."""

    source: str
    target: str
    score: int
    exact: bool
    html: Any
    markup: str
    #: The match has tags the workbench could not map to this segment's: it is offered without them.
    untagged: bool = False


@dataclass
class SegmentView:
    """A segment with what the workbench shows beside it."""

    segment: Segment
    location: str
    hints: list[str]
    suggestions: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    #: A machine translation of the source, when asked for (labelled as such; never filled in).
    machine: ShownSuggestion | None = None
    #: The source with its tags as chips (safe HTML).
    source_html: Any = ""
    #: The source's tags in order, for the buttons that put them in the box.
    chips: list[Chip] = field(default_factory=list)
    #: What the box holds: the saved translation, its tags as chip markup.
    markup: str = ""
    #: The saved tagged translation with chips, for readers who cannot edit (safe HTML).
    target_html: Any = ""
    #: The page of a Word document the segment is on, where its drawing found it (``with_pages``).
    page: int | None = None
    #: Why the last save of this box was refused (nothing was saved; ``markup`` holds what was typed).
    errors: list[str] = field(default_factory=list)
    #: Saved from a page of an earlier version (nothing was saved), and whether the version being translated
    #: has the same segment for the text to be taken to.
    earlier: bool = False
    in_new_version: bool = False


def segment_chips(segment: Segment) -> list[Chip]:
    """The source's tags as the buttons offer them: a pair once (it wraps a selection), a placeholder once."""
    from peixun.materials.chip_markup import chip_text
    from peixun.materials.tagged_text import chip_label

    if not segment.has_tags:
        return []
    infos = {info.name: info for info in segment.tag_infos}
    chips, seen = [], set()
    for tag in segment.tagged_source.tags:
        if tag.name in seen or tag.role == "close":
            continue
        seen.add(tag.name)
        closing = f"{{/{tag.id}}}" if tag.role == "open" else ""
        chips.append(Chip(tag.id, chip_text(tag), chip_label(tag, infos.get(tag.name)), closing))
    return chips


def target_markup(segment: Segment) -> str:
    """The saved translation as the box shows it: chip markup for a tagged source, else the text."""
    from peixun.docengine import Tagged
    from peixun.materials.chip_markup import to_markup

    if not segment.has_tags:
        return segment.target
    if segment.target_tagged:
        return to_markup(Tagged.parse(segment.target_tagged))
    return to_markup(Tagged.from_plain(segment.target))


def shown_suggestion(segment: Segment, suggestion) -> ShownSuggestion:
    """A memory suggestion with its tags mapped to ``segment``'s, or without tags when they do not map."""
    from peixun.docengine import Tagged
    from peixun.materials.chip_markup import to_markup
    from peixun.materials.tagged_text import render_tagged

    tagged = getattr(suggestion, "tagged", None)
    untagged = False
    if tagged is None:
        tagged = Tagged.from_plain(suggestion.target)
        untagged = getattr(suggestion, "tagged_source", None) is not None
    if not segment.has_tags:
        # Tags cannot go into a segment without any: the words only.
        untagged = untagged or tagged.has_tags
        tagged = tagged.without_tags()
        markup = tagged.plain
    else:
        markup = to_markup(tagged)
    return ShownSuggestion(
        source=suggestion.source,
        target=suggestion.target,
        score=suggestion.score,
        exact=suggestion.exact,
        html=render_tagged(tagged, segment.tag_infos),
        markup=markup,
        untagged=untagged,
    )


def machine_suggestion(segment: Segment, answer: str) -> ShownSuggestion | None:
    """The machine's answer (chip markup for a tagged source) as a suggestion; its tags are shown as
    chips, and an answer whose chips cannot be read is offered as its words."""
    from peixun.docengine import Tagged
    from peixun.materials.chip_markup import MarkupError, parse_markup
    from peixun.materials.tagged_text import render_tagged

    if not answer:
        return None
    if segment.has_tags:
        try:
            tagged = parse_markup(answer, segment.tagged_source)
        except MarkupError:
            tagged = Tagged.from_plain(answer)
        markup = answer
    else:
        tagged, markup = Tagged.from_plain(answer), answer
    return ShownSuggestion(
        source=segment.source,
        target=tagged.plain,
        score=0,
        exact=False,
        html=render_tagged(tagged, segment.tag_infos),
        markup=markup,
    )


def machine_source(segment: Segment) -> str:
    """What the machine is asked to translate: the source with its chips as markup (kept by the provider)."""
    from peixun.materials.chip_markup import to_markup

    return to_markup(segment.tagged_source) if segment.has_tags else segment.source


def segment_views(segments: list[Segment], *, memory=None, terms_glossary=None) -> list[SegmentView]:
    """Suggestions, glossary terms and checks for the segments shown (and only those)."""
    from peixun.materials.tagged_text import render_tagged

    memory = memory if memory is not None else translation_memory()
    terms_glossary = terms_glossary if terms_glossary is not None else glossary()
    suggestions = (
        memory.suggest_many([s.tagged_source for s in segments], limit=SUGGESTIONS_SHOWN) if len(memory) else []
    )
    views = []
    for index, segment in enumerate(segments):
        seen, terms = set(), []
        for match in terms_glossary.find(segment.source) if len(terms_glossary) else ():
            if match.term.english not in seen:
                seen.add(match.term.english)
                terms.append(match.term)
        views.append(
            SegmentView(
                segment=segment,
                location=location_label(segment),
                hints=format_hints(segment),
                suggestions=[shown_suggestion(segment, found) for found in suggestions[index]] if suggestions else [],
                terms=terms,
                issues=segment_issues(segment, terms_glossary),
                source_html=render_tagged(segment.tagged_source, segment.tag_infos),
                chips=segment_chips(segment),
                markup=target_markup(segment),
                target_html=render_tagged(segment.target_tagged, segment.tag_infos) if segment.target_tagged else "",
            )
        )
    return views


def page_starts(version: MaterialVersion, segments: list[Segment]) -> tuple[list[tuple[int, int]], bool]:
    """Where a Word document's page pictures go among ``segments`` shown in order, as the workbench page
    places them (a picture before the first of each run of segments on one page, ``{% ifchanged view.page %}``):
    (segment pk, page) for each, and whether every segment's page is known."""
    from peixun.materials import thumbnails

    pictures = thumbnails.pictures_of(version)
    starts, previous = [], None
    numbers = [pictures.page_of(segment.key) for segment in segments]
    for segment, number in zip(segments, numbers, strict=True):
        if number is not None and number != previous:
            starts.append((segment.pk, number))
        previous = number
    return starts, bool(segments) and all(number is not None for number in numbers)


def with_pages(version: MaterialVersion, views: list[SegmentView]) -> bool:
    """Give a Word document's segments the page each is on (from its kept pictures); whether every one
    shown has one. A deck's segments have their slide instead."""
    from peixun.materials import thumbnails

    if version.kind != "docx":
        return False
    pictures = thumbnails.pictures_of(version)
    for view in views:
        view.page = pictures.page_of(view.segment.key)
    return bool(views) and all(view.page is not None for view in views)


def segment_issues(segment: Segment, terms_glossary) -> list[str]:
    """The checks' findings on a saved translation (an untouched segment is simply not done yet)."""
    from peixun.docengine import check_segment

    if segment.status == SegmentStatus.UNTRANSLATED and not segment.target:
        return []
    found = check_segment(engine_segment(segment), segment.target, glossary=terms_glossary)
    issues = [issue_message(issue) for issue in found]
    if segment.lost_tags:
        issues.append(
            _(
                "This translation was saved without the original's formatting tags: it is exported in the "
                "paragraph's main formatting. Place the tags and save it again to keep bold words and links."
            )
        )
    elif segment.target_tagged:
        from peixun.docengine import Tagged, validate
        from peixun.materials.chip_markup import chip_names
        from peixun.materials.tagged_text import tag_problem_message

        source = segment.tagged_source
        for problem in validate(source, Tagged.parse(segment.target_tagged)):
            names = chip_names(source, segment.tag_infos)
            issues.append(tag_problem_message(problem, names.get(problem.tag, problem.tag)))
    return issues


def first_untranslated(version: MaterialVersion) -> Segment | None:
    """The first segment in reading order that is not translated yet (a draft counts as not done)."""
    segment = version.segments.exclude(status=SegmentStatus.TRANSLATED).order_by("order").first()
    if segment is not None:
        segment.version = version
    return segment


def search_glossary(query: str) -> QuerySet[GlossaryTerm]:
    """The glossary's terms in alphabetical order, those matching ``query`` in either language or the notes."""
    terms = GlossaryTerm.objects.select_related("topic").order_by("english")
    query = query.strip()
    if query:
        terms = terms.filter(Q(english__icontains=query) | Q(chinese__icontains=query) | Q(notes__icontains=query))
    return terms
