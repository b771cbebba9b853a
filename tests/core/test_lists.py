"""The list kit: sort parameters checked and defaulted, filters validated, pages clamped, counts, and the
address's other parameters kept by sort links, pages and the filter form."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from peixun.core.fields import ByteOrder
from peixun.core.lists import MAX_QUERY, ChoiceFilter, Column, ListSpec, TextFilter
from peixun.courses.models import Course
from tests.factories import AcademyFactory, CourseFactory

FRUIT = ["apple", "Banana", "cherry", "Date", "elderberry"]


def in_memory_spec(per_page=2, **extra) -> ListSpec:
    return ListSpec(
        columns=[
            Column("name", "Name", key=lambda row, chinese: row.casefold()),
            Column("length", "Length", key=lambda row, chinese: len(row), descending_first=True, css="num"),
            Column("note", "Note"),
        ],
        default_sort="name",
        per_page=per_page,
        **extra,
    )


def build(spec, items, **params):
    request = RequestFactory().get("/fruit/", params)
    return spec.build(request, items)


def query_of(url: str) -> dict:
    return {name: values for name, values in parse_qs(urlsplit(url).query).items()}


# Sorting ---------------------------------------------------------------------------------------


def test_the_default_sort_applies_without_a_parameter():
    listing = build(in_memory_spec(per_page=10), FRUIT)
    assert list(listing.rows) == ["apple", "Banana", "cherry", "Date", "elderberry"]
    assert (listing.sort, listing.descending) == ("name", False)


def test_a_column_sorts_both_ways():
    spec = in_memory_spec(per_page=10)
    assert list(build(spec, FRUIT, sort="-name").rows) == ["elderberry", "Date", "cherry", "Banana", "apple"]
    assert list(build(spec, FRUIT, sort="length").rows) == ["Date", "apple", "Banana", "cherry", "elderberry"]
    assert list(build(spec, FRUIT, sort="-length").rows) == ["elderberry", "Banana", "cherry", "apple", "Date"]


@pytest.mark.parametrize("sort", ["colour", "-colour", "note", "--name", "", "name;drop", "pk", "__class__"])
def test_an_unknown_or_unsortable_column_falls_back_to_the_default(sort):
    listing = build(in_memory_spec(per_page=10), FRUIT, sort=sort)
    assert (listing.sort, listing.descending) == ("name", False)
    assert list(listing.rows)[0] == "apple"


def test_a_default_sort_that_is_no_column_is_refused_at_once():
    with pytest.raises(ValueError, match="not a sortable column"):
        ListSpec(columns=[Column("name", "Name", en=["name"]), Column("note", "Note")], default_sort="note")


def test_chinese_readers_get_their_own_default_sort():
    spec = ListSpec(
        columns=[
            Column("english", "English", key=lambda row, chinese: row[0].lower()),
            Column("chinese", "Chinese", key=lambda row, chinese: row[1]),
        ],
        default_sort="english",
        default_sort_zh="chinese",
    )
    rows = [("Zinc", "a"), ("Apple", "b")]
    assert list(build(spec, rows).rows) == [("Apple", "b"), ("Zinc", "a")]
    with translation.override("zh-hans"):
        assert list(build(spec, rows).rows) == [("Zinc", "a"), ("Apple", "b")]


# Pages and counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "shown", "text"),
    [
        (None, ["apple", "Banana"], "Showing 1–2 of 5"),
        ("2", ["cherry", "Date"], "Showing 3–4 of 5"),
        ("3", ["elderberry"], "Showing 5–5 of 5"),
        ("99", ["elderberry"], "Showing 5–5 of 5"),  # past the end: the last page
        ("0", ["elderberry"], "Showing 5–5 of 5"),
        ("-4", ["elderberry"], "Showing 5–5 of 5"),
        ("two", ["apple", "Banana"], "Showing 1–2 of 5"),  # not a number: the first page
    ],
)
def test_pages_clamp_and_the_count_says_which_rows_show(page, shown, text):
    params = {"page": page} if page is not None else {}
    listing = build(in_memory_spec(), FRUIT, **params)
    assert list(listing.rows) == shown
    assert listing.count_text() == text


def test_an_empty_list_says_so_in_both_languages():
    listing = build(in_memory_spec(), [])
    assert listing.count_text() == "Nothing to show"
    with translation.override("zh-hans"):
        assert build(in_memory_spec(), FRUIT, page="2").count_text() == "第 3–4 条，共 5 条"
        assert listing.count_text() == "没有可显示的内容"


# Links keep the other parameters ------------------------------------------------------------------


def test_sort_links_keep_the_filters_drop_the_page_and_mark_the_sorted_column():
    listing = build(in_memory_spec(), FRUIT, q="berry", colour="red", page="2", sort="name")
    name, length, note = listing.header()
    assert (name.aria_sort, length.aria_sort, note.aria_sort) == ("ascending", "", "")
    assert query_of(name.url) == {"q": ["berry"], "colour": ["red"], "sort": ["-name"]}  # the other way
    assert query_of(length.url)["sort"] == ["-length"]  # counts start with the largest
    assert note.url is None
    head = str(listing.thead())
    assert head.count("aria-sort=") == 1 and 'aria-sort="ascending"' in head
    assert '<th scope="col">Note</th>' in head and 'class="num"' in head


def test_a_descending_column_says_so_and_its_link_turns_it_back():
    name, *_ = build(in_memory_spec(), FRUIT, sort="-name").header()
    assert name.aria_sort == "descending" and query_of(name.url)["sort"] == ["name"]


def test_the_header_escapes_labels_and_parameters():
    spec = ListSpec(columns=[Column("name", "<b>Name</b>", key=lambda row, chinese: row)], default_sort="name")
    head = str(build(spec, FRUIT, q='"><script>').thead())
    assert "<b>" not in head and "<script>" not in head and "&lt;b&gt;Name&lt;/b&gt;" in head


def test_the_pager_keeps_every_parameter():
    request = RequestFactory().get("/fruit/", {"q": "e", "sort": "-length", "colour": "red", "page": "2"})
    listing = in_memory_spec().build(request, FRUIT)
    html = render_to_string("_pager.html", {"page": listing.page}, request=request)
    assert 'href="?q=e&amp;sort=-length&amp;colour=red&amp;page=1"' in html
    assert 'href="?q=e&amp;sort=-length&amp;colour=red&amp;page=3"' in html


def test_the_filter_form_keeps_parameters_it_does_not_show():
    colours = ChoiceFilter("colour", "Colour", lambda request: [("red", "Red")], lambda items, v, r: items)
    spec = in_memory_spec(filters=[TextFilter("q", "Search", lambda items, text, r: items), colours])
    request = RequestFactory().get("/fruit/", {"q": "e", "colour": "red", "tab": "press", "page": "3"})
    listing = spec.build(request, FRUIT)
    assert listing.hidden_params() == [("tab", "press")]
    html = str(listing.form())
    assert '<input type="hidden" name="tab" value="press">' in html
    assert 'name="page"' not in html
    assert '<option value="red" selected>Red</option>' in html
    assert '<option value="name" selected>Name, ascending</option>' in html
    assert query_of(listing.clear_url()) == {"tab": ["press"]}


# Filters -----------------------------------------------------------------------------------------


def starting_with(items, letter, request):
    return [item for item in items if item.lower().startswith(letter)]


LETTERS = ChoiceFilter("letter", "Letter", lambda request: [("a", "A"), ("b", "B")], starting_with)


def test_a_choice_filter_applies_a_known_value_and_ignores_an_unknown_one():
    spec = in_memory_spec(per_page=10, filters=[LETTERS])
    assert list(build(spec, FRUIT, letter="b").rows) == ["Banana"]
    for unknown in ("z", "", "A", "a' OR 1=1"):
        listing = build(spec, FRUIT, letter=unknown)
        assert list(listing.rows) == ["apple", "Banana", "cherry", "Date", "elderberry"]
        assert listing.filters[0].value == "" and not listing.filtered


def test_a_filter_that_applies_when_empty_gives_the_default_view():
    def still_to_do(items, value, request):
        return [item for item in items if len(item) > 5] if not value else items

    everything = ChoiceFilter("all", "All", lambda r: [("yes", "Yes")], still_to_do, applies_when_empty=True)
    spec = in_memory_spec(per_page=10, filters=[everything])
    assert list(build(spec, FRUIT).rows) == ["Banana", "cherry", "elderberry"]
    assert len(build(spec, FRUIT, all="yes").rows) == 5


def test_a_search_is_stripped_and_cut_to_a_sane_length():
    seen = []
    spec = in_memory_spec(filters=[TextFilter("q", "Search", lambda items, text, r: seen.append(text) or items)])
    build(spec, FRUIT, q="  berry  ")
    build(spec, FRUIT, q="x" * 5000)
    build(spec, FRUIT, q="   ")
    assert seen == ["berry", "x" * MAX_QUERY]


# Querysets ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_queryset_sorts_in_the_database_with_the_primary_key_last():
    academy = AcademyFactory()
    same = [CourseFactory(academy=academy, title_en="Same", title_zh="同") for _ in range(3)]
    first = CourseFactory(academy=academy, title_en="apple", title_zh="阿")
    spec = ListSpec(
        columns=[Column("title", "Title", en=[Lower("title_en")], zh=[ByteOrder("title_zh_key")])],
        default_sort="title",
        per_page=2,
    )
    listing = build(spec, Course.objects.all())
    assert list(listing.rows) == [first, same[0]]
    assert list(build(spec, Course.objects.all(), page="2").rows) == [same[1], same[2]]
    # Equals keep their order whichever way the column sorts.
    assert list(build(spec, Course.objects.all(), sort="-title").rows) == [same[0], same[1]]


def test_rows_without_a_value_come_last_whichever_the_direction():
    spec = ListSpec(columns=[Column("size", "Size", key=lambda row, chinese: row[1])], default_sort="size", per_page=10)
    rows = [("none", None), ("big", 3), ("small", 1)]
    assert [name for name, _n in build(spec, rows).rows] == ["small", "big", "none"]
    assert [name for name, _n in build(spec, rows, sort="-size").rows] == ["big", "small", "none"]
