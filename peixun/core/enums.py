"""The choices every app shares: a user's role and the two languages Peixun speaks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Programme staff")
    COORDINATOR = "coordinator", _("Academy coordinator")
    REVIEWER = "reviewer", _("Academy reviewer")
    UNIT_CONTACT = "unit_contact", _("Sending-unit contact")
    LECTURER = "lecturer", _("Lecturer")
    TRANSLATOR = "translator", _("Translator")
    OFFICIAL = "official", _("Official")
    PARTNER = "partner", _("Partner contact")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    CHINESE = "zh-hans", _("Simplified Chinese")
