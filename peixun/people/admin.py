"""The admin's pages for organisations, jurisdictions, officials and lecturers with their availability."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import WEEKDAY_NAMES
from peixun.core.admin import TimeZoneChoice
from peixun.core.clock import zone_city

from .models import Availability, Jurisdiction, Lecturer, Official, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "kind", "is_sending_unit")
    list_filter = ("kind", "is_sending_unit")
    search_fields = ("name_en", "name_zh")


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "level", "parent", "population")
    list_filter = ("level",)
    search_fields = ("name_en", "name_zh")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_pinyin", "name_en", "position_category", "sending_unit", "jurisdiction")
    list_filter = ("position_category", "sending_unit")
    search_fields = ("name_zh", "search_key", "name_en")
    readonly_fields = ("name_pinyin",)
    autocomplete_fields = ("jurisdiction",)


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 1


class LecturerForm(forms.ModelForm):
    preferred_weekdays = forms.TypedMultipleChoiceField(
        label=_("Preferred weekdays"),
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Lecturer
        fields = (
            "user",
            "name",
            "name_zh",
            "affiliation",
            "position",
            "bio_en",
            "bio_zh",
            "topics",
            "languages",
            "time_zone",
            "preferred_weekdays",
            "email",
        )


@admin.register(Lecturer)
class LecturerAdmin(TimeZoneChoice, admin.ModelAdmin):
    form = LecturerForm
    list_display = ("name", "name_zh", "affiliation", "languages", "home_city")

    @admin.display(description=_("home time zone"), ordering="time_zone")
    def home_city(self, lecturer):
        return zone_city(lecturer.time_zone)

    search_fields = ("name", "name_zh")
    filter_horizontal = ("topics",)
    inlines = [AvailabilityInline]
