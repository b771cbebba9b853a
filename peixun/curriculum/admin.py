"""The admin's pages for topics and module templates, with a module's outline sessions inline."""

from django.contrib import admin

from .models import Module, OutlineSession, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("order", "name_en", "name_zh")


class OutlineInline(admin.TabularInline):
    model = OutlineSession
    extra = 1


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title_en", "title_zh", "days")
    filter_horizontal = ("topics",)
    inlines = [OutlineInline]
