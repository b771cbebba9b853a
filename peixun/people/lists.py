"""The lists of officials (the search) and of lecturers: sortable columns and filters that fit each."""

from __future__ import annotations

import functools
import re

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from peixun.core.fields import ByteOrder
from peixun.core.i18n import is_chinese, picker
from peixun.core.lists import (
    ChoiceFilter,
    Column,
    ListSpec,
    TextFilter,
    by_name,
    cached_choices,
    enum_choices,
    reading_order,
)
from peixun.curriculum.models import Topic

from .enums import PositionCategory
from .models import Jurisdiction, Lecturer, Organisation
from .selectors import search_officials, visible_officials

# Officials ---------------------------------------------------------------------------------------


# The search is the busiest list page (docs/benchmarks.md): its reference choices are cached a little while.
@cached_choices("official-units", per_user=lambda user: not user.is_programme_staff)
def _units(request):
    units = Organisation.objects.filter(is_sending_unit=True)
    if not request.user.is_programme_staff:
        units = units.filter(pk__in=visible_officials(request.user).values("sending_unit_id"))
    choose = picker()
    return [(pk, choose(en, zh)) for pk, en, zh in reading_order(units).values_list("pk", "name_en", "name_zh")]


@cached_choices("official-places", per_user=lambda user: False)
def _jurisdictions(request):
    choose = picker()
    places = reading_order(Jurisdiction.objects.all()).values_list("pk", "name_en", "name_zh")
    return [(pk, choose(en, zh)) for pk, en, zh in places]


def _in_jurisdiction(officials, value: str, request):
    """Officials of the place or of any place inside it (provinces hold cities, cities counties and districts)."""
    inside = Q(jurisdiction_id=value)
    for depth in range(1, 4):
        inside |= Q(**{f"jurisdiction{'__parent' * depth}_id": value})
    return officials.filter(inside)


OFFICIALS = ListSpec(
    columns=[
        Column("name", _("Name"), en=["search_key"]),
        Column("pinyin", _("Pinyin")),
        Column("english", _("English name")),
        Column("title", _("Title")),
        Column("jurisdiction", _("Jurisdiction"), **by_name("jurisdiction__name_en", "jurisdiction__name_zh_key")),
        Column("unit", _("Sending unit"), **by_name("sending_unit__name_en", "sending_unit__name_zh_key")),
    ],
    default_sort="name",
    tiebreak=["search_key", "pk"],
    filters=[
        TextFilter(
            "q",
            _("Search"),
            apply=lambda officials, text, request: search_officials(officials, text),
            placeholder=_("Chinese name, pinyin (with or without tones) or English name"),
        ),
        ChoiceFilter(
            "unit", _("Sending unit"), _units, lambda o, v, r: o.filter(sending_unit_id=v), any_label=_("All units")
        ),
        ChoiceFilter("jurisdiction", _("Jurisdiction"), _jurisdictions, _in_jurisdiction, any_label=_("All places")),
        ChoiceFilter(
            "category",
            _("Position category"),
            enum_choices(PositionCategory),
            lambda o, v, r: o.filter(position_category=v),
            any_label=_("Any position"),
        ),
    ],
    per_page=25,
)


# Lecturers ---------------------------------------------------------------------------------------


def _topics(request):
    return [(topic.pk, topic.name) for topic in Topic.objects.order_by("order", "slug")]


def _affiliations(request):
    affiliations = Organisation.objects.filter(pk__in=Lecturer.objects.values("affiliation_id"))
    return [(org.pk, org.name) for org in reading_order(affiliations)]


@functools.cache
def _language_name(code: str, locale: str) -> str:
    from babel import Locale

    try:
        return Locale.parse(locale).languages.get(code) or code
    except (ValueError, LookupError):
        return code


def _languages(request):
    codes = set()
    for spoken in Lecturer.objects.order_by().values_list("languages", flat=True).distinct():
        codes.update(code.strip().lower() for code in spoken.split(",") if code.strip())
    locale = "zh_Hans" if is_chinese() else "en"
    return sorted(((code, _language_name(code, locale)) for code in codes), key=lambda choice: choice[1])


def _speaks(lecturers, code: str, request):
    return lecturers.filter(languages__iregex=rf"(^|[ ,]){re.escape(code)}($|[ ,])")


def _search_lecturers(lecturers, text: str, request):
    return lecturers.filter(Q(name__icontains=text) | Q(name_zh__icontains=text) | Q(position__icontains=text))


LECTURERS = ListSpec(
    columns=[
        Column("name", _("Name"), en=[Lower("name")], zh=[ByteOrder("name_key")]),
        Column("affiliation", _("Affiliation"), **by_name("affiliation__name_en", "affiliation__name_zh_key")),
        Column("topics", _("Topics")),
        Column("languages", _("Languages")),
        Column("time_zone", _("Home time zone"), en=["time_zone"]),
    ],
    default_sort="name",
    tiebreak=[ByteOrder("name_key"), "pk"],
    filters=[
        TextFilter("q", _("Search"), apply=_search_lecturers, placeholder=_("Name or position")),
        ChoiceFilter(
            "topic",
            _("Topic"),
            _topics,
            lambda lecturers, v, r: lecturers.filter(
                pk__in=Lecturer.topics.through.objects.filter(topic_id=v).values("lecturer_id")
            ),
            any_label=_("Any topic"),
        ),
        ChoiceFilter("language", _("Language"), _languages, _speaks, any_label=_("Any language")),
        ChoiceFilter(
            "affiliation",
            _("Affiliation"),
            _affiliations,
            lambda lecturers, v, r: lecturers.filter(affiliation_id=v),
            any_label=_("Any affiliation"),
        ),
    ],
    per_page=25,
)
