"""Cursor pagination: pages that neither repeat nor skip a row while rows are added, and cost no count."""

from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("pk",)


class StableOrderingFilter(OrderingFilter):
    """``?ordering=`` as DRF reads it, with the primary key last, so rows that tie keep one order."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ("pk",))
        if not any(field.lstrip("-") in {"pk", "id"} for field in ordering):
            ordering.append("-pk" if ordering[0].startswith("-") else "pk")
        return tuple(ordering)
