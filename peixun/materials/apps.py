"""The materials app's configuration, which registers the machine translation settings check and the slide pictures' jobs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "peixun.materials"
    label = "materials"
    verbose_name = _("Presentations and translation")

    def ready(self):
        from . import machine  # noqa: F401  (registers the machine translation settings check)
        from . import thumbnails  # noqa: F401  (registers the slide pictures' job kinds)
