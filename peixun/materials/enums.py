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


class WorkflowAction(models.TextChoices):
    """What a workflow event records; the timeline shows these labels."""

    CREATED = "created", _("Presentation added")
    UPLOADED = "uploaded", _("New version uploaded")
    COMMENTED = "commented", _("Comment")
    TRANSLATOR_ASSIGNED = "translator_assigned", _("Translator assigned")
    SEND_TO_TRANSLATION = "send_to_translation", _("Sent to translation")
    SUBMIT_FOR_REVIEW = "submit_for_review", _("Submitted for academy review")
    APPROVE = "approve", _("Approved by the academy")
    RETURN = "return", _("Returned for changes")
    SIGN_OFF = "sign_off", _("Signed off as acceptable")
    DELIVER = "deliver", _("Delivered")
    START_FOLLOW_UP = "start_follow_up", _("Follow-up started")
    CLOSE = "close", _("Closed")


#: States in which the lecturer's content is still being worked on; later states are history.
OPEN_STATES = (
    MaterialState.ADAPTATION,
    MaterialState.TRANSLATION,
    MaterialState.REVIEW,
    MaterialState.ACCEPTABILITY,
    MaterialState.READY,
)
#: States an academy reviewer sees: from review on.
REVIEWED_STATES = tuple(MaterialState.values[MaterialState.values.index(MaterialState.REVIEW) :])
#: A new version uploaded in one of these states goes back to the academy's review.
APPROVED_STATES = (MaterialState.ACCEPTABILITY, MaterialState.READY)
