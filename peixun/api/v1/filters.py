"""The filters of the list endpoints (django-filter): each narrows a list already scoped to the caller."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from peixun.courses.enums import CourseStatus

from .scopes import Course, Module, Venue

#: The largest id a database row can have (the ``id`` path converter's bound too).
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object's id: a list filtered by an id that names nothing is empty, not an error."""

    field_class = IdField


class VenueFilter(django_filters.FilterSet):
    academy = IdFilter(field_name="academy_id", help_text="The academy's id.")
    city_en = django_filters.CharFilter(lookup_expr="iexact", help_text="The city, in English.")

    class Meta:
        model = Venue
        fields = ["academy", "kind", "city_en"]


class ModuleTemplateFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="A topic's slug.")

    class Meta:
        model = Module
        fields = ["topic", "days"]


class CourseFilter(django_filters.FilterSet):
    academy = IdFilter(field_name="academy_id", help_text="The academy's id.")
    academy_code = django_filters.CharFilter(field_name="academy__code", help_text="The academy's code.")
    status = django_filters.MultipleChoiceFilter(choices=CourseStatus.choices)
    starts_from = django_filters.DateFilter(field_name="start", lookup_expr="gte", help_text="First day on or after.")
    starts_until = django_filters.DateFilter(field_name="start", lookup_expr="lte", help_text="First day on or before.")
    ends_from = django_filters.DateFilter(field_name="end", lookup_expr="gte", help_text="Last day on or after.")

    class Meta:
        model = Course
        fields = ["academy", "academy_code", "status", "starts_from", "starts_until", "ends_from"]
