from django.contrib import admin

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


@admin.register(Lecturer)
class LecturerAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "affiliation", "languages", "time_zone")
    search_fields = ("name", "name_zh")
    filter_horizontal = ("topics",)
    inlines = [AvailabilityInline]
