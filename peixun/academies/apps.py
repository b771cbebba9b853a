"""The academies app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademiesConfig(AppConfig):
    name = "peixun.academies"
    label = "academies"
    verbose_name = _("Academies")
