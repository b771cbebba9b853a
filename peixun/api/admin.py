"""Webhooks in the admin, for programme staff: the endpoints (address, secret, events, active) and every
delivery with each of its attempts; deliveries not yet acknowledged can be sent again."""

import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services, webhooks
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are posted (https:// in production)."),
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of event sent to this address."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("secret"):
            self.initial["secret"] = secrets.token_urlsafe(32)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise ValidationError(_("The address must begin with https:// (or http:// on a closed network)."))
        return url


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttemptInline(ReadOnly, admin.TabularInline):
    model = WebhookAttempt
    fields = ("at", "status_code", "duration_ms", "error", "response")
    readonly_fields = fields
    extra = 0


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("name", "url", "event_list", "is_active", "created_at")
    list_filter = ("is_active",)

    @admin.display(description=_("events"))
    def event_list(self, endpoint):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels.get(event, event)) for event in endpoint.events)

    def get_object(self, request, object_id, from_field=None):
        endpoint = super().get_object(request, object_id, from_field)
        if endpoint is not None:
            endpoint._before = services.webhook_snapshot(endpoint)
        return endpoint

    def save_model(self, request, obj, form, change):
        services.save_webhook_endpoint(actor=request.user, endpoint=obj, before=getattr(obj, "_before", None))

    def delete_model(self, request, obj):
        services.delete_webhook_endpoint(actor=request.user, endpoint=obj)

    def delete_queryset(self, request, queryset):
        for endpoint in queryset:
            services.delete_webhook_endpoint(actor=request.user, endpoint=endpoint)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "event", "endpoint", "state", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("state", "event", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("event_id",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "endpoint",
        "event",
        "event_id",
        "payload",
        "state",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
    )
    inlines = [AttemptInline]
    actions = ["send_again"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("api.view_webhookdelivery")

    @admin.action(description=_("Send the selected webhook deliveries again"))
    def send_again(self, request, queryset):
        count = webhooks.send_again(actor=request.user, deliveries=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d webhook delivery will be sent again.",
                "%(count)d webhook deliveries will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
