from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialState(models.TextChoices):
    """The steps a lecturer's presentation goes through, in order."""

    ADAPTATION = "adaptation", _("Adaptation")
    TRANSLATION = "translation", _("Translation")
    REVIEW = "review", _("Academy review")
    ACCEPTABILITY = "acceptability", _("Acceptability check")
    READY = "ready", _("Ready")
    DELIVERED = "delivered", _("Delivered")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class SegmentStatus(models.TextChoices):
    UNTRANSLATED = "untranslated", _("Not translated")
    DRAFT = "draft", _("Draft")
    TRANSLATED = "translated", _("Translated")


class EntryOrigin(models.TextChoices):
    """Where a translation-memory entry came from."""

    APPROVED = "approved", _("Approved translation in Peixun")
    TMX = "tmx", _("Imported from a TMX file")
