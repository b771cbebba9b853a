"""The choices of a session's outline: parts of the day, formats, their class hours and allowed parts."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartOfDay(models.IntegerChoices):
    MORNING = 1, _("Morning")
    AFTERNOON = 2, _("Afternoon")
    EVENING = 3, _("Evening")


class SessionFormat(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    WORKSHOP = "workshop", _("Workshop")
    SITE_VISIT = "site_visit", _("Site visit")
    DINNER = "dinner", _("Dinner")
    LUNCH = "lunch", _("Lunch")
    EXHIBITION = "exhibition", _("Exhibition")


#: Meals are part of the programme but credit no class hours toward the training requirement.
UNCREDITED_FORMATS = (SessionFormat.DINNER, SessionFormat.LUNCH)

DEFAULT_CLASS_HOURS = {
    SessionFormat.LECTURE: Decimal("3.0"),
    SessionFormat.WORKSHOP: Decimal("3.0"),
    SessionFormat.SITE_VISIT: Decimal("3.0"),
    SessionFormat.EXHIBITION: Decimal("2.0"),
    SessionFormat.DINNER: Decimal("0"),
    SessionFormat.LUNCH: Decimal("0"),
}


#: The parts of the day each format may take; the rule checker and automatic timetabling both read it.
FORMAT_PARTS = {
    SessionFormat.LECTURE: (PartOfDay.MORNING, PartOfDay.AFTERNOON),
    SessionFormat.WORKSHOP: (PartOfDay.MORNING, PartOfDay.AFTERNOON),
    SessionFormat.SITE_VISIT: (PartOfDay.MORNING, PartOfDay.AFTERNOON),
    SessionFormat.EXHIBITION: (PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.EVENING),
    SessionFormat.LUNCH: (PartOfDay.MORNING, PartOfDay.AFTERNOON),
    SessionFormat.DINNER: (PartOfDay.EVENING,),
}
