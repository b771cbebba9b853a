"""The API app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "peixun.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        # Registers the token scheme with drf-spectacular (an extension registers itself when imported).
        from . import schema  # noqa: F401
