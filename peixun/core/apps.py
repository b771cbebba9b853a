"""The core app's configuration, which registers the bounded id converter before any URLconf is read."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "peixun.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Before any URLconf is read: every address's ids use the bounded ``<id:...>`` converter.
        from .converters import register

        register()
