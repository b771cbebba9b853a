"""The admin's page for the training rules officials are held to."""

from django.contrib import admin

from .models import ComplianceRule


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(admin.ModelAdmin):
    """The training rules officials are held to; the defaults come from the regulations."""

    list_display = ("name_en", "name_zh", "period", "years", "required_days", "required_hours", "active", "order")
    list_editable = ("active", "order")
    list_filter = ("period", "active")
