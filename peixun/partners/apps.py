"""The partners app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "peixun.partners"
    label = "partners"
    verbose_name = _("Partners and press")
