"""The admin's pages for academies and venues, with a venue's open days as tick boxes."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from peixun.core.admin import TimeZoneChoice

from .models import WEEKDAY_NAMES, Academy, Venue


@admin.register(Academy)
class AcademyAdmin(TimeZoneChoice, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "min_course_days", "max_course_days", "min_capacity", "max_capacity")


class VenueForm(forms.ModelForm):
    open_days = forms.TypedMultipleChoiceField(
        label=_("Open days"),
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Venue
        fields = ("name_en", "name_zh", "kind", "academy", "host", "address", "capacity", "open_days")


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    form = VenueForm
    list_display = ("name_en", "name_zh", "kind", "academy", "capacity")
    list_filter = ("kind", "academy")
    search_fields = ("name_en", "name_zh")
