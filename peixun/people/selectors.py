from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from peixun.core.enums import Role

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
