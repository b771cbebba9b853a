from django.contrib import admin

from .models import Academy, Venue


@admin.register(Academy)
class AcademyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_zh", "min_course_days", "max_course_days", "min_capacity", "max_capacity")


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "kind", "academy", "capacity")
    list_filter = ("kind", "academy")
    search_fields = ("name_en", "name_zh")
