"""The admin site: users (with login unlocking and guarded deletion), the audit trail, and a time zone mixin."""

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .clock import zone_choices
from .logins import unlock_login
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
    list_display = (
        "username",
        "first_name",
        "last_name",
        "name_zh",
        "role",
        "academy",
        "sending_unit",
        "is_active",
        "login_locked",
    )
    list_filter = ("role", "academy", "is_active")
    actions = ["unlock_logins"]
    search_fields = (*DjangoUserAdmin.search_fields, "name_zh")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Peixun"), {"fields": ("name_zh", "role", "academy", "sending_unit", "partner", "language", "time_zone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Peixun"), {"fields": ("name_zh", "role", "academy", "sending_unit", "partner", "language", "time_zone")}),
    )

    def get_queryset(self, request):
        # Locked out: as many failures as the limit from some address, the last within the cool-off (docs/security.md).
        lockouts = AccessAttempt.objects.filter(
            username=OuterRef("username"),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
        return super().get_queryset(request).annotate(is_login_locked=Exists(lockouts))

    @admin.display(description=_("login locked"), boolean=True, ordering="is_login_locked")
    def login_locked(self, user) -> bool:
        return user.is_login_locked

    @admin.action(description=_("Unlock the selected users' logins"))
    def unlock_logins(self, request, queryset):
        unlocked = [user for user in queryset if unlock_login(actor=request.user, user=user)]
        self.message_user(
            request,
            ngettext(
                "%(count)d login unlocked: they can log in again now.",
                "%(count)d logins unlocked: they can log in again now.",
                len(unlocked),
            )
            % {"count": len(unlocked)},
            messages.SUCCESS,
        )

    # Whoever entered an entry in an official's training record stays named on it (the ledger is never
    # changed), so their account is kept: the admin says so, and how to close the account instead.

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and _entered_ledger_entries(User.objects.filter(pk=user.pk)):
            message = gettext(
                "%(user)s entered entries in officials' training records, which are kept for good, so the "
                "account cannot be deleted. Deactivate it instead: untick “Active” and save."
            ) % {"user": user.get_username()}
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:core_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_users, name, description)
        return actions


def _entered_ledger_entries(users) -> list[str]:
    """The usernames among ``users`` of those who entered training record entries."""
    return list(
        users.filter(ledger_entries_entered__isnull=False)
        .distinct()
        .order_by("username")
        .values_list("username", flat=True)
    )


def _delete_selected_users(modeladmin, request, queryset):
    authors = _entered_ledger_entries(queryset)
    if authors:
        message = ngettext(
            "%(users)s entered entries in officials' training records, which are kept for good, so the "
            "account cannot be deleted. Deactivate it instead. Nothing was deleted.",
            "%(users)s entered entries in officials' training records, which are kept for good, so their "
            "accounts cannot be deleted. Deactivate them instead. Nothing was deleted.",
            len(authors),
        ) % {"users": ", ".join(authors)}
        modeladmin.message_user(request, message, messages.ERROR)
        return None
    return delete_selected(modeladmin, request, queryset)


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
