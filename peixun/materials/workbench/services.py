"""What the translation workbench writes, each change audited: one segment's translation, and the
glossary's terms."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core.audit import record_event
from peixun.materials.enums import SegmentStatus
from peixun.materials.models import GlossaryTerm, Segment

from .selectors import is_open_for_translation

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def read_target(segment: Segment, text: str) -> tuple[str, str]:
    """The translation as typed, as ``(plain, tagged)``: a source with tags takes the chip markup
    (``{1}…{/1}``, ``{2/}``), read and checked against its tags; an untagged one plain text. Either way
    text that looks like an HTML tag is refused. Raises ``ValidationError`` saying what is wrong."""
    from peixun.docengine import Tagged
    from peixun.materials.chip_markup import read_translation

    if not text:
        return "", ""
    if segment.has_tags:
        tagged = read_translation(text, segment.tagged_source, segment.tag_infos)
        return tagged.plain.strip(), str(tagged)
    read_translation(text.replace("{", "{{").replace("}", "}}"), Tagged.from_plain(segment.source))
    return text, ""


@transaction.atomic
def save_segment(*, actor, segment: Segment, target: str, done: bool) -> Segment:
    """Save one translation: ``done`` marks it translated, otherwise it is a draft; an empty one is untranslated.

    ``target`` is what the translator typed: chip markup when the source has tags (see
    :func:`read_target`); tags missing, extra, unclosed or crossed refuse the save, naming the tag.
    The material must still be open for translation (before the academy's review).
    """
    material = segment.version.material
    if not is_open_for_translation(material):
        raise ValidationError(
            _("The presentation is at the step “%(step)s”: its translation can no longer change.")
            % {"step": material.get_state_display()},
            code="closed",
        )
    target, target_tagged = read_target(segment, target.replace("\r\n", "\n").replace("\r", "\n").strip())
    if not target:
        status = SegmentStatus.UNTRANSLATED
        target_tagged = ""
    else:
        status = SegmentStatus.TRANSLATED if done else SegmentStatus.DRAFT
    locked = Segment.objects.select_for_update().get(pk=segment.pk)
    before = {"target": locked.target, "target_tagged": locked.target_tagged, "status": locked.status}
    if before == {"target": target, "target_tagged": target_tagged, "status": status}:
        return locked
    locked.target = target
    locked.target_tagged = target_tagged
    locked.status = status
    locked.translated_by = actor if target else None
    locked.translated_at = timezone.now() if target else None
    locked.save(update_fields=["target", "target_tagged", "status", "translated_by", "translated_at"])
    record_event(
        actor=actor,
        action="segment.translated",
        instance=locked,
        course=material.course,
        changes={
            name: [before[name], getattr(locked, name)] for name in before if before[name] != getattr(locked, name)
        },
    )
    locked.version = segment.version
    return locked


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


#: The glossary term's fields, as the services take them.
GLOSSARY_FIELDS = ("english", "chinese", "topic", "notes")


def _clean_term(english: str, chinese: str, exclude_pk: int | None = None) -> tuple[str, str]:
    english = " ".join(english.split())
    renderings = [part.strip() for part in chinese.split("|") if part.strip()]
    errors: dict[str, list[str]] = {}
    if not english:
        errors["english"] = [_("Give the English term.")]
    elif GlossaryTerm.objects.filter(english__iexact=english).exclude(pk=exclude_pk).exists():
        errors["english"] = [_("“%(term)s” is in the glossary already.") % {"term": english}]
    if not renderings:
        errors["chinese"] = [_("Give the Chinese term.")]
    else:
        without = [part for part in renderings if not has_cjk(part)]
        if without:
            errors["chinese"] = [
                _("Each Chinese rendering must be written in Chinese characters: “%(text)s” is not.")
                % {"text": without[0]}
            ]
    if errors:
        raise ValidationError(errors)
    return english, "|".join(renderings)


@transaction.atomic
def add_glossary_term(*, actor, english: str, chinese: str, topic=None, notes: str = "") -> GlossaryTerm:
    english, chinese = _clean_term(english, chinese)
    term = GlossaryTerm.objects.create(english=english, chinese=chinese, topic=topic, notes=notes.strip())
    record_event(
        actor=actor,
        action="glossary.added",
        instance=term,
        changes={"english": [None, english], "chinese": [None, chinese]},
    )
    return term


@transaction.atomic
def change_glossary_term(
    *, actor, term: GlossaryTerm, english: str, chinese: str, topic=None, notes: str = ""
) -> GlossaryTerm:
    english, chinese = _clean_term(english, chinese, exclude_pk=term.pk)
    before = {"english": term.english, "chinese": term.chinese, "topic": term.topic, "notes": term.notes}
    term.english, term.chinese, term.topic, term.notes = english, chinese, topic, notes.strip()
    term.save()
    after = {"english": term.english, "chinese": term.chinese, "topic": term.topic, "notes": term.notes}
    changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if changes:
        record_event(actor=actor, action="glossary.changed", instance=term, changes=changes)
    return term


@transaction.atomic
def delete_glossary_term(*, actor, term: GlossaryTerm) -> None:
    record_event(
        actor=actor,
        action="glossary.deleted",
        instance=term,
        changes={"english": [term.english, None], "chinese": [term.chinese, None]},
    )
    term.delete()
