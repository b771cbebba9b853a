"""The feedback app's configuration, which registers its system checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "peixun.feedback"
    label = "feedback"
    verbose_name = _("Feedback and follow-up")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
