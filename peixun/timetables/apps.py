"""The timetables app's configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimetablesConfig(AppConfig):
    """The Django side of timetabling: building timetables with the engine in ``peixun.scheduling``,
    reviewing and accepting them, and exporting them (iCalendar feeds, printable PDF)."""

    name = "peixun.timetables"
    label = "timetables"
    verbose_name = _("Timetables")
