"""The admin's pages for the glossary and the terms academies flag."""

from django.contrib import admin

from .models import FlaggedTerm, GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("english", "chinese", "topic", "topic_slug", "notes")
    list_filter = ("topic", "topic_slug")
    search_fields = ("english", "chinese", "notes")


@admin.register(FlaggedTerm)
class FlaggedTermAdmin(admin.ModelAdmin):
    list_display = ("term", "academy", "note")
    list_filter = ("academy",)
    search_fields = ("term", "note")
