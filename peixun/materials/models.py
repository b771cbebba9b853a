"""Lecturers' presentations, every version of them, their segments and translations, and the decisions taken.

Files are never overwritten: each upload is a new :class:`MaterialVersion` with its own file. The
workflow's state lives on :class:`Material`; every transition is a :class:`WorkflowEvent`, which is
also the timeline people read.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import JSONField, Value
from django.utils.translation import gettext_lazy as _

from peixun.core.fields import SortKeyField
from peixun.core.i18n import BilingualTitle

from .enums import EntryOrigin, MaterialState, SegmentStatus, WorkflowAction


class Material(BilingualTitle, models.Model):
    """A lecturer's presentation (deck or document) for a session or a module of a course."""

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="materials"
    )
    session = models.ForeignKey(
        "courses.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    module = models.ForeignKey(
        "courses.CourseModule",
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    lecturer = models.ForeignKey(
        "people.Lecturer", verbose_name=_("lecturer"), on_delete=models.PROTECT, related_name="materials"
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_zh_key = SortKeyField(_("sort key"), of=("title_zh", "title_en"))
    state = models.CharField(
        _("step"), max_length=20, choices=MaterialState.choices, default=MaterialState.ADAPTATION, db_index=True
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
    )
    #: The version the academy's reviewer last approved: a later version is shown to them as a diff against it.
    approved_version = models.ForeignKey(
        "MaterialVersion",
        verbose_name=_("approved version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["course", "session__date", "title_en", "title_zh"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(title_en="", title_zh=""), name="material_has_a_title"),
        ]


def version_path(version: MaterialVersion, filename: str) -> str:
    # The stored name never depends on what the uploader called the file; nothing is overwritten.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{version.material_id}/v{version.number}-{version.sha256[:12]}.{suffix}"


class MaterialVersion(models.Model):
    """One upload of a material: kept for ever, never replaced."""

    material = models.ForeignKey(
        Material, verbose_name=_("presentation"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10)  # pptx, docx or pdf (a PDF is a reference only)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    slides = models.PositiveIntegerField(_("slides"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["material", "-number"]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"

    @property
    def is_reference(self) -> bool:
        return self.kind == "pdf"


class Segment(models.Model):
    """One translatable paragraph of a version, with its translation."""

    version = models.ForeignKey(
        MaterialVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="segments"
    )
    key = models.CharField(_("key"), max_length=200)
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20)
    part = models.CharField(_("part"), max_length=40)
    slide = models.PositiveIntegerField(_("slide"), null=True, blank=True)
    source = models.TextField(_("source text"))
    #: The source with its inline tags (``peixun.docengine.tags`` canonical form); empty when it has none.
    source_tagged = models.TextField(_("source text with tags"), blank=True, db_default="")
    #: What each tag of the source stands for: ``[{"name": "g1", "kind": "g", "label": "bold"}]``.
    tags = models.JSONField(_("inline tags"), default=list, blank=True, db_default=Value([], JSONField()))
    runs = models.JSONField(_("formatting runs"), default=list)
    box = models.JSONField(_("text box"), null=True, blank=True)
    #: The translation's plain text (what checks, search and the memory's matching read).
    target = models.TextField(_("translation"), blank=True)
    #: The translation with the source's tags where the translator put them; empty when the source has no
    #: tags, and in rows saved before tags were kept (those export with the dominant formatting).
    target_tagged = models.TextField(_("translation with tags"), blank=True, db_default="")
    status = models.CharField(
        _("status"), max_length=15, choices=SegmentStatus.choices, default=SegmentStatus.UNTRANSLATED
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    translated_at = models.DateTimeField(_("translated at"), null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="segment_key_once_per_version")]
        indexes = [models.Index(fields=["version", "order"])]

    def __str__(self) -> str:
        return self.source[:60]

    @property
    def has_tags(self) -> bool:
        return bool(self.source_tagged)

    @property
    def tagged_source(self):
        """The source as the engine's ``Tagged`` (untagged text when it has no tags)."""
        from peixun.docengine import Tagged

        return Tagged.parse(self.source_tagged) if self.source_tagged else Tagged.from_plain(self.source)

    @property
    def tag_infos(self) -> list:
        """What each tag of the source stands for, as the engine's ``TagInfo`` values."""
        from peixun.docengine import TagInfo

        return [TagInfo(tag.get("name", ""), tag.get("kind", ""), tag.get("label", "")) for tag in self.tags or ()]

    @property
    def lost_tags(self) -> bool:
        """A translation saved without the tags its source has (before tags were kept): it exports in the
        paragraph's dominant formatting, and the workbench says so."""
        return bool(self.source_tagged and self.target.strip() and not self.target_tagged)

    def export_value(self):
        """What export writes: the tagged translation, or the plain one (untagged source, older rows)."""
        from peixun.docengine import Tagged

        return Tagged.parse(self.target_tagged) if self.target_tagged else self.target


def normalise_source(text: str) -> str:
    return " ".join(text.split()).casefold()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class MemoryEntry(models.Model):
    """A pair of English and Chinese the translation memory suggests from."""

    source = models.TextField(_("English"))
    target = models.TextField(_("Chinese"))
    #: Both sides with their inline tags (canonical form), when the pair has any; else empty.
    source_tagged = models.TextField(_("English with tags"), blank=True, db_default="")
    target_tagged = models.TextField(_("Chinese with tags"), blank=True, db_default="")
    source_hash = models.CharField(_("source text hash"), max_length=64, db_index=True, editable=False)
    target_hash = models.CharField(_("translation hash"), max_length=64, editable=False)
    origin = models.CharField(_("origin"), max_length=10, choices=EntryOrigin.choices)
    material = models.ForeignKey(
        Material, verbose_name=_("presentation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [models.UniqueConstraint(fields=["source_hash", "target_hash"], name="memory_pair_once")]

    def save(self, *args, **kwargs):
        self.source_hash = text_hash(normalise_source(self.source))
        self.target_hash = text_hash(self.target.strip())
        super().save(*args, **kwargs)


class GlossaryTerm(models.Model):
    """A bilingual sustainability term translators should use; staff keep the list."""

    english = models.CharField(_("English"), max_length=200, unique=True)
    chinese = models.CharField(
        _("Chinese"), max_length=200, help_text=_("Accepted renderings separated by “|”, the preferred one first.")
    )
    chinese_key = SortKeyField(_("sort key"), of=("chinese",))
    topic = models.ForeignKey(
        "curriculum.Topic", verbose_name=_("topic"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    #: The curriculum topic's slug as the seed glossary names it, kept when the topic does not exist (yet).
    topic_slug = models.SlugField(_("topic code"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self) -> str:
        return f"{self.english} · {self.chinese}"


class FlaggedTerm(models.Model):
    """A word or phrase an academy asks to see flagged in presentations before review."""

    academy = models.ForeignKey(
        "academies.Academy", verbose_name=_("academy"), on_delete=models.CASCADE, related_name="flagged_terms"
    )
    term = models.CharField(_("term"), max_length=200)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("flagged term")
        verbose_name_plural = _("flagged terms")
        constraints = [models.UniqueConstraint(fields=["academy", "term"], name="flagged_term_once_per_academy")]

    def __str__(self) -> str:
        return self.term


class WorkflowEvent(models.Model):
    """One step of a material's life: an upload, a transition, a return with comments, a sign-off."""

    material = models.ForeignKey(
        Material, verbose_name=_("presentation"), on_delete=models.PROTECT, related_name="events"
    )
    version = models.ForeignKey(
        MaterialVersion, verbose_name=_("version"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from step"), max_length=20, choices=MaterialState.choices, blank=True)
    to_state = models.CharField(_("to step"), max_length=20, choices=MaterialState.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    #: The deck checks' findings when the translation was submitted for review: ``[{code, params, key}]``.
    findings = models.JSONField(_("findings"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["material", "at", "id"]

    def __str__(self) -> str:
        return f"{self.material} · {self.action_display}"

    @property
    def action_display(self) -> str:
        try:
            return str(WorkflowAction(self.action).label)
        except ValueError:
            return self.action
