"""Reads of the press archive and the translated documents, scoped to who asks, and the media outlets a
press item may name."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from peixun.partners.models import PressItem, TranslatedDocument
from peixun.people.enums import OrganisationKind
from peixun.people.models import Organisation


def visible_press_items(user) -> QuerySet[PressItem]:
    items = PressItem.objects.select_related("outlet")
    if user.is_authenticated and user.is_programme_staff:
        return items
    return items.filter(published=True)


def search_press(items: QuerySet[PressItem], query: str) -> QuerySet[PressItem]:
    """Items whose headline, summary or outlet contains the words, in either language, any case."""
    for word in (query or "").split():
        items = items.filter(
            Q(title_en__icontains=word)
            | Q(title_zh__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(summary_zh__icontains=word)
            | Q(outlet__name_en__icontains=word)
            | Q(outlet__name_zh__icontains=word)
        )
    return items


def press_years(items: QuerySet[PressItem]) -> list[tuple[int, int]]:
    """(year, number of items) for the year facet, newest year first."""
    rows = (
        items.order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
        .values_list("year", "n")
    )
    return list(rows)


def visible_documents(user) -> QuerySet[TranslatedDocument]:
    documents = TranslatedDocument.objects.select_related("jurisdiction")
    if user.is_authenticated and user.is_programme_staff:
        return documents
    return documents.filter(published=True)


def media_outlets() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.MEDIA).order_by("name_en")
