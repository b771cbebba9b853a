"""The API app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "peixun.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        # Registers the token scheme with drf-spectacular (an extension registers itself when imported).
        from django.db.models.signals import post_delete, post_save

        from . import schema  # noqa: F401
        from .models import WebhookEndpoint
        from .webhooks import forget_endpoints

        # Who listens to which events is cached (webhooks._listening): a changed endpoint clears it.
        post_save.connect(forget_endpoints, sender=WebhookEndpoint, dispatch_uid="webhook-endpoints-saved")
        post_delete.connect(forget_endpoints, sender=WebhookEndpoint, dispatch_uid="webhook-endpoints-deleted")
