from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .clock import zone_choices
from .models import AuditEvent, User


class TimeZoneChoice:
    """Admin mixin: a ``time_zone`` field is chosen from cities named in the reader's language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            blank = [("", "—")] if db_field.blank else []
            return forms.ChoiceField(
                label=db_field.verbose_name.capitalize(),
                choices=lambda: blank + zone_choices(),
                required=not db_field.blank,
                initial=db_field.get_default(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

# Only programme staff get is_staff (see User.save), so only they pass the admin's login.
admin.site.site_header = _("Peixun administration")
admin.site.site_title = _("Peixun")
admin.site.index_title = _("Reference data")


@admin.register(User)
class UserAdmin(TimeZoneChoice, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "name_zh", "role", "academy", "sending_unit", "is_active")
    list_filter = ("role", "academy", "is_active")
    search_fields = (*DjangoUserAdmin.search_fields, "name_zh")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Peixun"), {"fields": ("name_zh", "role", "academy", "sending_unit", "partner", "language", "time_zone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Peixun"), {"fields": ("name_zh", "role", "academy", "sending_unit", "partner", "language", "time_zone")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
