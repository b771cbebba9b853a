"""The materials app's configuration: registers the machine translation settings check and the pictures' jobs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "peixun.materials"
    label = "materials"
    verbose_name = _("Presentations and translation")

    def ready(self):
        # The machine translation settings check, and the job kinds that draw slide pictures.
        from . import machine, thumbnails  # noqa: F401
