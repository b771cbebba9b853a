"""The start page's app: no models, only the page that composes the other apps' reads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "peixun.home"
    label = "home"
    verbose_name = _("Start")
