"""Lists that a real programme outgrows: sortable columns, filters, pages and counts, one kit for every list page.

A list page declares its :class:`ListSpec` once, at module level::

    COURSES = ListSpec(
        columns=[Column("title", _("Course"), en=[Lower("title_en")], zh=[ByteOrder("title_zh_key")]), ...],
        default_sort="-start",
        filters=[ChoiceFilter("academy", _("Academy"), choices=academy_choices, apply=...), TextFilter(...)],
        per_page=25,
    )

and its view calls ``COURSES.build(request, queryset)``. The :class:`Listing` it returns has the page of rows,
the header cells with their sort links (``aria-sort`` on the sorted one), the filters to show in a GET form
(``{% list_filters listing %}``; it works without JavaScript and keeps every other parameter of the address), and the
count ("Showing 21–40 of 356"). Nothing in the address can break a list: an unknown sort or filter value
falls back to the default, a page out of range shows the nearest page.

A column sorts by ``en`` for English readers and by ``zh`` (when given) for Chinese ones: Chinese names
and titles by their pinyin sort keys (:class:`~peixun.core.fields.SortKeyField`), English case-insensitively.
A list held in memory rather than a queryset (the compliance report's rows) sorts with each column's ``key``.
Every ordering ends with the list's tiebreak (the primary key at least), so pages never share or skip a row.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, Choices, IntegerField, QuerySet, Value, When
from django.db.models.expressions import BaseExpression, OrderBy
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .fields import ByteOrder
from .i18n import is_chinese

#: The longest text a search box passes on.
MAX_QUERY = 200

Ordering = Sequence[str | BaseExpression]


@dataclass(frozen=True)
class Column:
    """A column of a list. ``en``/``zh``: its ascending ordering for English and Chinese readers (``zh``
    defaults to ``en``); ``key``: the same for a list in memory, ``key(row, chinese)``, None for no value
    (last). A column with none of them does not sort. ``descending_first``: dates and counts, whose first
    click shows the newest or largest first."""

    name: str
    label: Any
    en: Ordering = ()
    zh: Ordering | None = None
    key: Callable[[Any, bool], Any] | None = None
    descending_first: bool = False
    css: str = ""

    @property
    def sortable(self) -> bool:
        return bool(self.en or self.key)

    def ordering(self, chinese: bool) -> Ordering:
        return self.zh if chinese and self.zh is not None else self.en


@dataclass(frozen=True)
class ChoiceFilter:
    """A filter chosen from a list. ``choices(request)`` gives ``(value, label)`` pairs, values as strings;
    ``apply(items, value, request)`` narrows the items to one of them. A value not among the choices is
    ignored, as if none were chosen."""

    name: str
    label: Any
    choices: Callable[[Any], Iterable[tuple[str, Any]]]
    apply: Callable[[Any, str, Any], Any]
    any_label: Any = gettext_lazy("Any")
    #: Whether ``apply`` is called with "" too: a list whose unfiltered view is itself a choice ("still to do").
    applies_when_empty: bool = False
    #: False: the page offers this filter its own way (a year's chips), the form only keeps its value.
    shown: bool = True
    kind = "choice"


@dataclass(frozen=True)
class TextFilter:
    """A search box: ``apply(items, text, request)`` with the stripped text, at most MAX_QUERY characters."""

    name: str
    label: Any
    apply: Callable[[Any, str, Any], Any]
    placeholder: Any = ""
    shown: bool = True
    kind = "text"


Filter = ChoiceFilter | TextFilter


@dataclass
class FilterField:
    """A filter as the form shows it: its current value and, for a choice, its options."""

    name: str
    label: str
    kind: str
    value: str
    options: list[tuple[str, str, bool]] = field(default_factory=list)
    placeholder: str = ""
    any_label: str = ""
    shown: bool = True

    @property
    def id(self) -> str:
        return f"list-{self.name}"

    def control(self) -> SafeString:
        """The input or select, written here: a select of a few hundred places costs a template too much."""
        name, ident = escape(self.name), escape(self.id)
        if self.kind == "text":
            placeholder = f' placeholder="{escape(self.placeholder)}"' if self.placeholder else ""
            return SafeString(
                f'<input type="search" id="{ident}" name="{name}" value="{escape(self.value)}"{placeholder}'
                ' autocomplete="off">'
            )
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'
            for value, label, selected in self.options
        )
        return SafeString(
            f'<select id="{ident}" name="{name}"><option value="">{escape(self.any_label)}</option>{options}</select>'
        )


@dataclass
class HeaderCell:
    label: str
    css: str
    url: str | None  # None: the column does not sort
    aria_sort: str  # "ascending", "descending" or "" (not the sorted column)

    @property
    def arrow(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


@dataclass
class Listing:
    """One request's view of a list: the page, the sort, the filters and the words around them."""

    page: Page
    sort: str
    descending: bool
    default_sort: str
    columns: list[Column]
    filters: list[FilterField]
    params: QueryDict

    @property
    def sort_options(self) -> list[tuple[str, str, bool]]:
        """Every sort as a choice (value, label, chosen), for phones, where tables become cards without headers."""
        current = self.sort_param
        ways = (("", _("ascending")), ("-", _("descending")))
        return [
            (value, _("%(column)s, %(direction)s") % {"column": column.label, "direction": words}, value == current)
            for column in self.columns
            if column.sortable
            for direction, words in ways
            for value in [f"{direction}{column.name}"]
        ]

    @property
    def rows(self):
        return self.page.object_list

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def sort_param(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort

    @property
    def shown_filters(self) -> list[FilterField]:
        return [f for f in self.filters if f.shown]

    @property
    def filtered(self) -> bool:
        return any(f.value for f in self.filters)

    def count_text(self) -> str:
        """'Showing 21–40 of 356', or 'Nothing to show'."""
        if not self.count:
            return _("Nothing to show")
        return _("Showing %(first)s–%(last)s of %(total)s") % {
            "first": self.page.start_index(),
            "last": self.page.end_index(),
            "total": self.count,
        }

    def url_with(self, **changes) -> str:
        """This list's address with some parameters changed (None removes one); the page goes back to the first."""
        pairs = [
            (name, value)
            for name, values in self.params.lists()
            if name != "page" and name not in changes
            for value in values
        ]
        pairs += [(name, str(value)) for name, value in changes.items() if value not in (None, "")]
        return f"?{urlencode(pairs)}" if pairs else "?"

    def header(self) -> list[HeaderCell]:
        cells = []
        for column in self.columns:
            if not column.sortable:
                cells.append(HeaderCell(str(column.label), column.css, None, ""))
                continue
            active = column.name == self.sort
            if active:
                next_descending = not self.descending
            else:
                next_descending = column.descending_first
            target = f"-{column.name}" if next_descending else column.name
            aria = ("descending" if self.descending else "ascending") if active else ""
            cells.append(HeaderCell(str(column.label), column.css, self.url_with(sort=target), aria))
        return cells

    def thead(self) -> SafeString:
        """The table's header row, with sort links: written here so that tables rendered in Python share it."""
        cells = []
        for cell in self.header():
            css = f' class="{escape(cell.css)}"' if cell.css else ""
            if cell.url is None:
                cells.append(f'<th scope="col"{css}>{escape(cell.label)}</th>')
                continue
            aria = f' aria-sort="{cell.aria_sort}"' if cell.aria_sort else ""
            arrow = f' <span class="sort-arrow" aria-hidden="true">{cell.arrow}</span>' if cell.arrow else ""
            link = f'<a class="sort" href="{escape(cell.url)}">{escape(cell.label)}</a>'
            cells.append(f'<th scope="col"{css}{aria}>{link}{arrow}</th>')
        return SafeString(f"<thead><tr>{''.join(cells)}</tr></thead>")

    def clear_url(self) -> str:
        """The address without any filter, keeping the sort."""
        return self.url_with(**{f.name: None for f in self.filters})

    def sort_control(self) -> SafeString:
        """The sort as a labelled select, for the filter form (or a report's own form)."""
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if chosen else ""}>{escape(label)}</option>'
            for value, label, chosen in self.sort_options
        )
        label = _("Sort by")
        return SafeString(
            f'<div class="field"><label for="list-sort">{escape(label)}</label>'
            f'<select id="list-sort" name="sort">{options}</select></div>'
        )

    def form(self, *, live: str = "", target: str = "") -> SafeString:
        """The filters and the sort as a GET form that works without JavaScript and keeps the address's other
        parameters. With ``live`` (an address) and ``target`` (a selector), htmx refreshes the target as
        people type or choose. Written here rather than as a template: the official search is busy."""
        fields = "".join(
            f'<div class="field{" field-search" if f.kind == "text" else ""}">'
            f'<label for="{escape(f.id)}">{escape(f.label)}</label>{f.control()}</div>'
            for f in self.shown_filters
        )
        hidden = "".join(
            f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
            for name, value in self.hidden_params()
        )
        htmx = (
            f' hx-get="{escape(live)}" hx-trigger="input changed delay:250ms from:input[type=search], search, change"'
            f' hx-target="{escape(target)}" hx-push-url="true"'
            if live
            else ""
        )
        clear = f' <a href="{escape(self.clear_url())}">{escape(_("Clear"))}</a>' if self.filtered else ""
        spinner = ' <span class="htmx-indicator spinner" aria-hidden="true"></span>' if live else ""
        return SafeString(
            f'<form method="get" class="list-filters" role="search" aria-label="{escape(_("Filters"))}"'
            f' data-testid="list-filters"{htmx}>{fields}{self.sort_control()}{hidden}'
            f'<div class="list-filter-buttons"><button type="submit" class="primary">{escape(_("Show"))}</button>'
            f"{clear}{spinner}</div></form>"
        )

    def hidden_params(self) -> list[tuple[str, str]]:
        """The address's parameters that the filter form does not show, to keep them when it is sent."""
        shown = {f.name for f in self.filters if f.shown} | {"sort", "page"}
        return [(name, value) for name, values in self.params.lists() if name not in shown for value in values]


class ListSpec:
    """What a list offers: its columns, default sort, filters and page size."""

    def __init__(
        self,
        *,
        columns: Sequence[Column],
        default_sort: str,
        default_sort_zh: str | None = None,
        filters: Sequence[Filter] = (),
        per_page: int = 25,
        tiebreak: Ordering = ("pk",),
    ):
        self.columns = list(columns)
        self.by_name = {column.name: column for column in self.columns if column.sortable}
        self.default_sort = default_sort
        self.default_sort_zh = default_sort_zh or default_sort
        for default in (self.default_sort, self.default_sort_zh):
            if default.removeprefix("-") not in self.by_name:
                raise ValueError(f"The default sort {default!r} is not a sortable column.")
        self.filters = list(filters)
        self.per_page = per_page
        self.tiebreak = list(tiebreak)

    def parse_sort(self, value: str | None, *, chinese: bool = False) -> tuple[str, bool]:
        """The column and direction asked for, or the default's when ``value`` names no sortable column."""
        value = (value or "").strip()
        name = value.removeprefix("-")
        if name not in self.by_name:
            value = self.default_sort_zh if chinese else self.default_sort
            name = value.removeprefix("-")
        return name, value.startswith("-")

    def order(self, items, sort: str, descending: bool, chinese: bool):
        column = self.by_name[sort]
        if isinstance(items, QuerySet):
            expressions = [_directed(term, descending) for term in column.ordering(chinese)]
            # Among equals, the rows keep one order whichever way the column goes (by name, say, then by key).
            expressions += [_directed(term, False) for term in self.tiebreak]
            return items.order_by(*expressions)
        # A list in memory: Python's sort is stable, so the rows keep their given order among equals; rows
        # without a value (a key of None) come last either way, as empty values do in the database.
        keyed = [(column.key(row, chinese), row) for row in items]
        present = sorted((pair for pair in keyed if pair[0] is not None), key=lambda pair: pair[0], reverse=descending)
        return [row for _key, row in present] + [row for key, row in keyed if key is None]

    def filter(self, request, items, *, params: QueryDict | None = None, skip: Sequence[str] = ()):
        """``items`` narrowed by the filters in the address, and the filters as the form shows them; ``skip``
        names filters to leave out (a facet that counts what the other filters found)."""
        params = request.GET if params is None else params
        fields = []
        for spec in self.filters:
            if spec.name in skip:
                continue
            raw = params.get(spec.name, "")
            if spec.kind == "text":
                # A NUL byte cannot be part of a PostgreSQL string: it would fail the query, not find nothing.
                value = raw.replace("\x00", "").strip()[:MAX_QUERY]
                if value:
                    items = spec.apply(items, value, request)
                fields.append(
                    FilterField(
                        spec.name,
                        str(spec.label),
                        "text",
                        value,
                        placeholder=str(spec.placeholder),
                        shown=spec.shown,
                    )
                )
                continue
            choices = [(str(option), str(label)) for option, label in spec.choices(request)]
            value = raw if raw and any(option == raw for option, _label in choices) else ""
            if value or spec.applies_when_empty:
                items = spec.apply(items, value, request)
            options = [(option, label, option == value) for option, label in choices]
            fields.append(
                FilterField(
                    spec.name,
                    str(spec.label),
                    "choice",
                    value,
                    options=options,
                    any_label=str(spec.any_label),
                    shown=spec.shown,
                )
            )
        return items, fields

    def build(self, request, items, *, params: QueryDict | None = None) -> Listing:
        params = request.GET if params is None else params
        items, fields = self.filter(request, items, params=params)
        chinese = is_chinese()
        sort, descending = self.parse_sort(params.get("sort"), chinese=chinese)
        items = self.order(items, sort, descending, chinese)
        page = Paginator(items, self.per_page).get_page(params.get("page"))
        return Listing(
            page=page,
            sort=sort,
            descending=descending,
            default_sort=self.default_sort_zh if chinese else self.default_sort,
            columns=self.columns,
            filters=fields,
            params=params,
        )


def _directed(term: str | BaseExpression, descending: bool) -> str | OrderBy:
    """An ordering term in the wanted direction: a field name stays a name (the cheapest for the ORM to
    compile, on the busiest lists); an expression puts empty values last either way."""
    if isinstance(term, str):
        name = term.removeprefix("-")
        return f"-{name}" if descending != term.startswith("-") else name
    if isinstance(term, OrderBy):
        descending = descending != term.descending
        term = term.expression
    return term.desc(nulls_last=True) if descending else term.asc(nulls_last=True)


def cached_choices(name: str, *, seconds: int = 120, per_user: Callable[[Any], bool] = lambda user: True):
    """A filter's ``choices(request)`` kept for ``seconds`` in the shared cache (``default``: Redis when
    ``PEIXUN_CACHE_URL`` is set), per language and per user (or, where ``per_user(user)`` is false,
    shared: programme staff all see every unit).

    For reference lists (sending units, places) read on busy pages (the official search). Every key holds
    the list's generation, which :func:`forget_choices` replaces when a row the list is read from is
    saved or deleted (the owning app connects it to its models' signals), so the next read on any server
    sees the change; ``seconds`` only bounds what a write that sends no signal (``QuerySet.update``) leaves.
    """

    def decorate(choices: Callable[[Any], Iterable[tuple[str, Any]]]):
        def cached(request):
            user = request.user
            scope = f"user{user.pk}" if per_user(user) else "all"
            key = f"list-choices:{name}:{_generation(name)}:{get_language()}:{scope}"
            found = cache.get(key)
            if found is None:
                found = [(str(value), str(label)) for value, label in choices(request)]
                cache.set(key, found, seconds)
            return found

        return cached

    return decorate


def _generation(name: str) -> str:
    key = f"list-choices:{name}:generation"
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key)
    return found


def forget_choices(*names: str) -> None:
    """Make every cached copy of the lists ``names`` (see :func:`cached_choices`) stale, on every server."""
    for name in names:
        # A new token rather than a count: a count lost from the cache could start again at a value that
        # older copies still carry.
        cache.set(f"list-choices:{name}:generation", uuid.uuid4().hex, None)


def enum_choices(choices: type[Choices]) -> Callable[[Any], list[tuple[str, str]]]:
    """A filter's ``choices`` for a TextChoices enum, translated once per language and process."""

    @functools.cache
    def labelled(language: str) -> list[tuple[str, str]]:
        with translation.override(language):
            return [(value, str(label)) for value, label in choices.choices]

    return lambda request: labelled(get_language() or "en")


def reading_order(items: QuerySet, *, english: str = "name_en", chinese_key: str = "name_zh_key") -> QuerySet:
    """``items`` in the order their names are read in the active language (for a filter's choices)."""
    if is_chinese():
        return items.order_by(ByteOrder(chinese_key), "pk")
    return items.order_by(Lower(english), "pk")


def by_name(english: str, chinese_key: str) -> dict:
    """``en`` and ``zh`` of a Column that sorts by a bilingual name: ``Column("x", label, **by_name(...))``."""
    return {"en": [Lower(english)], "zh": [ByteOrder(chinese_key)]}


def in_order_of(field_name: str, values: Sequence[str]) -> Case:
    """An expression that sorts ``field_name`` in the order of ``values`` (a workflow's steps), not alphabetically."""
    return Case(
        *[When(**{field_name: value}, then=Value(index)) for index, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )
