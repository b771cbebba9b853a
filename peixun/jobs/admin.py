"""Jobs and outgoing mail in the admin: read-only records, and failed mail that staff can send again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Job, OutgoingMail


class ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("pk", "kind", "state", "progress", "started_by", "created_at", "finished_at", "attempts")
    list_filter = ("state", "kind")
    list_select_related = ("started_by",)
    date_hierarchy = "created_at"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "subject", "recipient_list", "state", "attempts", "next_attempt_at", "last_error")
    list_filter = ("state",)
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description=_("recipients"))
    def recipient_list(self, mail):
        return ", ".join(mail.recipients)

    @admin.action(description=_("Send the selected e-mails again"))
    def send_again(self, request, queryset):
        count = outbox.send_again(actor=request.user, mails=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
