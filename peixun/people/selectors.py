"""Reads of officials: those a user may see, search by name or pinyin, and rows for lists."""

from __future__ import annotations

import re
from typing import NamedTuple

from django.db.models import Q, QuerySet

from peixun.core.enums import Role
from peixun.core.i18n import choice_label, picker

from .enums import PositionCategory
from .models import Official
from .pinyin import strip_tones

_HAN = re.compile(r"[\u3400-\u9fff]")


def visible_officials(user) -> QuerySet[Official]:
    officials = Official.objects.select_related("jurisdiction", "sending_unit")
    if not user.is_authenticated or not user.is_active:
        return officials.none()
    if user.is_programme_staff:
        return officials
    if user.role == Role.COORDINATOR:
        return officials.filter(enrolments__course__academy_id=user.academy_id).distinct()
    if user.role == Role.UNIT_CONTACT:
        return officials.filter(sending_unit_id=user.sending_unit_id)
    if user.role == Role.OFFICIAL:
        return officials.filter(user=user)
    return officials.none()


def search_officials(officials: QuerySet[Official], query: str) -> QuerySet[Official]:
    """Find officials by Chinese name, by pinyin with or without tones (marks or numbers), or English name."""
    query = (query or "").strip()
    if not query:
        return officials
    if _HAN.search(query):
        return officials.filter(name_zh__contains=re.sub(r"\s+", "", query))
    words = [strip_tones(word) for word in query.split()]
    condition = Q()
    for word in filter(None, words):
        condition &= Q(search_key__contains=word)
    joined = strip_tones(query)
    if not joined:
        return officials.none()
    return officials.filter(condition | Q(search_key__contains=joined))


class OfficialRow(NamedTuple):
    """An official as a list of results shows them, in the active language."""

    official_id: int
    name_zh: str
    name_pinyin: str
    name_en: str
    post: str  # their title as they write it, or their position category
    jurisdiction: str
    unit: str


def official_rows(officials: QuerySet[Official]) -> list[OfficialRow]:
    """The officials (a page of them, say) read as plain rows: no model objects for a list that only shows them."""
    choose = picker()
    rows = officials.values_list(
        "pk",
        "name_zh",
        "name_pinyin",
        "name_en",
        "title_en",
        "title_zh",
        "position_category",
        "jurisdiction__name_en",
        "jurisdiction__name_zh",
        "sending_unit__name_en",
        "sending_unit__name_zh",
    )
    return [
        OfficialRow(
            pk,
            name_zh,
            name_pinyin,
            name_en,
            post=choose(title_en, title_zh) or choice_label(PositionCategory, category),
            jurisdiction=choose(place_en, place_zh) or "",
            unit=choose(unit_en, unit_zh),
        )
        for (
            pk,
            name_zh,
            name_pinyin,
            name_en,
            title_en,
            title_zh,
            category,
            place_en,
            place_zh,
            unit_en,
            unit_zh,
        ) in rows
    ]
