"""The courses app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "peixun.courses"
    label = "courses"
    verbose_name = _("Courses")
