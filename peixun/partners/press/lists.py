"""The press archive as a list: by date, headline or outlet; by year and outlet; searched in both languages."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from peixun.core.fields import ByteOrder
from peixun.core.lists import ChoiceFilter, Column, ListSpec, TextFilter, by_name, reading_order
from peixun.people.models import Organisation

from .selectors import press_years, search_press, visible_press_items


def _outlets(request):
    outlets = Organisation.objects.filter(pk__in=visible_press_items(request.user).values("outlet_id"))
    return [(outlet.pk, outlet.name) for outlet in reading_order(outlets)]


def _years(request):
    return [(year, year) for year, _count in press_years(visible_press_items(request.user))]


PRESS = ListSpec(
    columns=[
        Column("date", _("Date"), en=["date"], descending_first=True),
        Column("headline", _("Headline"), en=[Lower("title_en")], zh=[ByteOrder("title_zh_key")]),
        Column("outlet", _("Outlet"), **by_name("outlet__name_en", "outlet__name_zh_key")),
    ],
    default_sort="-date",
    filters=[
        TextFilter(
            "q",
            _("Search"),
            apply=lambda items, text, request: search_press(items, text),
            placeholder=_("Search in English or Chinese"),
        ),
        ChoiceFilter(
            "outlet", _("Outlet"), _outlets, lambda i, v, r: i.filter(outlet_id=v), any_label=_("All outlets")
        ),
        # Offered as the year chips, which count what the other filters found.
        ChoiceFilter("year", _("Year"), _years, lambda i, v, r: i.filter(date__year=v), shown=False),
    ],
    per_page=20,
)
