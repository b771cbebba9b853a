"""The choices of presentations: states, segment statuses and workflow actions, and the engine's messages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.core.document_limits import LIMIT_MESSAGES


class MaterialState(models.TextChoices):
    """The steps a lecturer's presentation goes through, in order."""

    ADAPTATION = "adaptation", pgettext_lazy("presentation step", "Adaptation")
    TRANSLATION = "translation", pgettext_lazy("presentation step", "Translation")
    REVIEW = "review", pgettext_lazy("presentation step", "Academy review")
    ACCEPTABILITY = "acceptability", pgettext_lazy("presentation step", "Acceptability check")
    READY = "ready", pgettext_lazy("presentation step", "Ready")
    DELIVERED = "delivered", pgettext_lazy("presentation step", "Delivered")
    FOLLOW_UP = "follow_up", pgettext_lazy("presentation step", "Follow-up")
    CLOSED = "closed", pgettext_lazy("presentation step", "Closed")


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


# The document engine's refusals and findings, by code, in the reader's language (the params are the
# engine's contract: docs/document-engine.md).
REJECTION_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is %(size_mb)s MB; files of up to %(limit_mb)s MB are accepted."),
    "unsupported": _(
        "Files ending in %(extension)s are not accepted: upload a PowerPoint deck (.pptx), a Word document "
        "(.docx), or a PDF for reference."
    ),
    "legacy_format": _(
        "This is an old-format Office file. Open it in PowerPoint or Word, save it as .pptx or .docx, and "
        "upload that copy."
    ),
    "wrong_kind": _("The file is named %(extension)s but it is %(detected_name)s."),
    "broken": _(
        "The file is damaged and cannot be opened. Save it again from PowerPoint or Word and upload the new copy."
    ),
    "zip_bomb": _(
        "The file would unpack to %(uncompressed_mb)s MB, %(ratio)s times its size; files that unpack to more "
        "than %(limit_mb)s MB, or to more than %(ratio_floor_mb)s MB at over %(max_ratio)s times their size, are "
        "refused as unsafe."
    ),
    "too_many_members": _("The file is made of %(members)s internal parts; at most %(limit)s are accepted."),
    "encrypted": _(
        "The file is protected by a password. Remove the password in PowerPoint or Word and upload it again."
    ),
    **LIMIT_MESSAGES,
}

#: What a file really is (the guard's ``detected``), for ``wrong_kind``.
DETECTED_NAMES = {
    "pptx": _("a PowerPoint deck (.pptx)"),
    "pptm": _("a PowerPoint deck with macros (.pptm)"),
    "ppsx": _("a PowerPoint slide show (.ppsx)"),
    "ppsm": _("a PowerPoint slide show with macros (.ppsm)"),
    "potx": _("a PowerPoint template (.potx)"),
    "docx": _("a Word document (.docx)"),
    "docm": _("a Word document with macros (.docm)"),
    "dotx": _("a Word template (.dotx)"),
    "xlsx": _("an Excel workbook (.xlsx)"),
    "xlsm": _("an Excel workbook with macros (.xlsm)"),
    "pdf": _("a PDF"),
    "zip": _("a zip archive"),
    "ole2": _("an old-format Office file (.ppt or .doc)"),
    "executable": _("a program"),
    "image": _("an image"),
    "archive": _("a compressed archive"),
    "html": _("a web page"),
    "text": _("plain text"),
    "unknown": _("not a document we recognise"),
}

ISSUE_MESSAGES = {
    "glossary_term_missing": _("“%(term)s” is in the glossary as “%(expected)s”, which the translation does not use."),
    "numbers_changed": _("Numbers differ from the source: missing %(missing)s; added %(added)s."),
    "untranslated": _("The segment is not translated."),
    "placeholder_changed": _(
        "Links, e-mail addresses or placeholders differ from the source: missing %(missing)s; added %(added)s."
    ),
    "overflow": _("The translation needs about %(percent)s%% of the space the box offers, so it may overflow."),
    "too_many_slides": _("%(slides)s slides for a %(minutes)s-minute session; about %(limit)s slides fit."),
    "dense_slide": _(
        "Slide %(slide)s is dense: %(words)s English words, %(characters)s Chinese characters "
        "(aim for at most %(word_limit)s words or %(character_limit)s characters)."
    ),
    "untranslated_segments": _("%(count)s of %(total)s segments are not translated yet."),
    "inconsistent_term": _(
        "“%(term)s” is translated as “%(expected)s” in %(consistent)s segments but differently in %(count)s."
    ),
    "flagged_term": _("“%(term)s” appears in the %(side)s; the academy asked for it to be checked."),
    "frame_overflow": _("Slide %(slide)s: the text needs about %(lines)s lines; its frame holds %(available)s."),
    "past_slide_bottom": _("Slide %(slide)s: the text runs %(cm)s cm below the bottom of the slide."),
    "past_slide_top": _("Slide %(slide)s: the text runs %(cm)s cm above the top of the slide."),
    "onto_footer": _("Slide %(slide)s: the text runs %(cm)s cm onto the footer."),
    "table_past_slide": _("Slide %(slide)s: the table grows %(cm)s cm below the bottom of the slide."),
}

#: The ``side`` of a flagged term, as the sentence above reads it.
FLAGGED_SIDES = {"source": _("English original"), "translation": _("translation")}

#: Findings that stop a translator from submitting (programme staff may override, with a comment).
BLOCKING_FINDINGS = ("untranslated_segments",)
