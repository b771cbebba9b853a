"""Every change to presentations and their workflow goes through these functions.

Each one checks the rules (``rules_workflow.py``), is atomic, writes a :class:`WorkflowEvent` (the
timeline people read) and an audit row in the same transaction, and e-mails the next party once the
transaction has committed. Uploaded files are written only after every check, inside the transaction,
and removed again if it fails: a refused or failed upload leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peixun import docengine
from peixun.core import clock
from peixun.core.audit import record_event
from peixun.core.document_limits import limit_params, upload_limits
from peixun.core.enums import Role
from peixun.core.models import User
from peixun.core.permissions import require
from peixun.courses.models import Course, CourseModule, Session
from peixun.people.models import Lecturer

from . import checklist as acceptability
from . import memory, notifications
from .enums import (
    APPROVED_STATES,
    BLOCKING_FINDINGS,
    DETECTED_NAMES,
    FLAGGED_SIDES,
    ISSUE_MESSAGES,
    OPEN_STATES,
    REJECTION_MESSAGES,
    MaterialState,
    SegmentStatus,
    WorkflowAction,
)
from .models import FlaggedTerm, GlossaryTerm, Material, MaterialVersion, Segment, WorkflowEvent
from .selectors import editable_version, next_version_number

logger = logging.getLogger(__name__)

#: The largest file accepted, whatever the web server lets through (the engine's own default is larger).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: A part of the day is three hours; a session's length is its class hours of 45 minutes when it has any.
MINUTES_PER_PART_OF_DAY = 180
MINUTES_PER_CLASS_HOUR = 45


# Messages --------------------------------------------------------------------------------------


def rejection_message(error: docengine.UploadRejected) -> str:
    """The guard's refusal in the reader's language, with the guard's own numbers."""
    params = limit_params(error.params)
    if error.code == "wrong_kind":
        params["detected_name"] = DETECTED_NAMES.get(params.get("detected"), params.get("detected_name", ""))
    template = REJECTION_MESSAGES.get(error.code)
    return str(template) % params if template is not None else error.message_en


def issue_message(code: str, params: dict) -> str:
    """A deck or segment check's finding in the reader's language."""
    shown = {
        name: (", ".join(str(item) for item in value) if value else "–") if isinstance(value, list | tuple) else value
        for name, value in params.items()
    }
    if code == "flagged_term":
        shown["side"] = FLAGGED_SIDES.get(params.get("side"), params.get("side"))
    template = ISSUE_MESSAGES.get(code)
    if template is None:
        return docengine.Issue(code, params).message_en
    return str(template) % shown


# Files -------------------------------------------------------------------------------------------


@contextmanager
def _files_removed_on_failure() -> Iterator[list]:
    """Collect the files written inside; if anything fails, delete them before the error goes on."""
    written: list = []
    try:
        yield written
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise


def _read_and_inspect(file) -> tuple[bytes, str, docengine.UploadInfo]:
    """The file's bytes and name, once the upload guard has accepted them; else a ValidationError that
    names the problem (nothing has been written yet)."""
    filename = (getattr(file, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    size = getattr(file, "size", None)
    try:
        if size is not None and size > MAX_UPLOAD_BYTES:
            # Refused before reading: a huge upload is not read into memory.
            raise docengine.UploadRejected(
                "too_large", {"size_mb": _mb(size), "limit_mb": _mb(MAX_UPLOAD_BYTES)}, detail="declared size"
            )
        if hasattr(file, "seek"):
            file.seek(0)
        data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
        info = docengine.inspect_upload(data, filename, max_bytes=MAX_UPLOAD_BYTES, **upload_limits())
    except docengine.UploadRejected as error:
        raise ValidationError({"file": rejection_message(error)}, code=error.code) from error
    return data, filename[:255], info


def _mb(size: int) -> float | int:
    value = round(size / (1024 * 1024), 1)
    return int(value) if value == int(value) else value


# Upload -----------------------------------------------------------------------------------------


def _check_place(*, course: Course, lecturer: Lecturer, session: Session | None, module: CourseModule | None) -> None:
    if (session is None) == (module is None):
        raise ValidationError(_("Choose either a session or a module for the presentation."))
    if session is not None and session.course_id != course.pk:
        raise ValidationError({"session": _("This session belongs to another course.")})
    if module is not None and module.course_id != course.pk:
        raise ValidationError({"module": _("This module belongs to another course.")})
    if session is not None and not session.lecturer_slots.filter(lecturer=lecturer).exists():
        raise ValidationError({"lecturer": _("%(lecturer)s does not teach this session.") % {"lecturer": lecturer}})


def _check_lecturer_may_add(actor: User, lecturer: Lecturer, session: Session | None, module: CourseModule | None):
    """A lecturer adds presentations only as themselves, for their own sessions or the modules they teach in."""
    if actor.is_programme_staff:
        return
    if lecturer.user_id != actor.pk:
        raise ValidationError({"lecturer": _("Lecturers add presentations only for themselves.")})
    if module is not None and not module.sessions.filter(lecturer_slots__lecturer=lecturer).exists():
        raise ValidationError({"module": _("You do not teach in this module.")})


def create_material(
    *,
    actor: User,
    course: Course,
    lecturer: Lecturer,
    title_en: str = "",
    title_zh: str = "",
    session: Session | None = None,
    module: CourseModule | None = None,
    file,
    note: str = "",
) -> Material:
    """A new presentation for a session or a module, with its first version (a deck, a document or a PDF)."""
    require(actor, "materials.add_material")
    title_en, title_zh = (title_en or "").strip(), (title_zh or "").strip()
    if not (title_en or title_zh):
        raise ValidationError({"title_en": _("Give the presentation a title, in English, in Chinese or in both.")})
    _check_place(course=course, lecturer=lecturer, session=session, module=module)
    _check_lecturer_may_add(actor, lecturer, session, module)
    data, filename, info = _read_and_inspect(file)
    with _files_removed_on_failure() as written, transaction.atomic():
        material = Material.objects.create(
            course=course,
            session=session,
            module=module,
            lecturer=lecturer,
            title_en=title_en[:300],
            title_zh=title_zh[:300],
            created_by=actor,
        )
        WorkflowEvent.objects.create(
            material=material,
            action=WorkflowAction.CREATED,
            to_state=material.state,
            actor=actor,
        )
        record_event(
            actor=actor,
            action="material.created",
            instance=material,
            course=course,
            changes={
                "title_en": [None, material.title_en],
                "title_zh": [None, material.title_zh],
                "lecturer": [None, lecturer],
                "state": [None, material.state],
            },
        )
        _add_version(actor, material, data, filename, info, note, written)
    return material


def upload_version(*, actor: User, material: Material, file, note: str = "") -> MaterialVersion:
    """A new version of the presentation: number + 1, never replacing one. Its segments keep the
    translations of the previous deck's segments with the same key and the same English.

    A new deck or document uploaded after the academy approved (acceptability check or ready) goes back
    to the academy's review, which is shown what changed since the version it approved."""
    require(actor, "materials.upload_version", material)
    if material.state not in OPEN_STATES:
        raise ValidationError(
            _("This presentation has been delivered; it takes no new versions. Add a new presentation instead.")
        )
    data, filename, info = _read_and_inspect(file)
    with _files_removed_on_failure() as written, transaction.atomic():
        locked = Material.objects.select_for_update().get(pk=material.pk)
        if locked.state not in OPEN_STATES:
            raise ValidationError(_("This presentation has been delivered; it takes no new versions."))
        version = _add_version(actor, locked, data, filename, info, note, written)
    material.state = locked.state
    return version


def _add_version(
    actor: User, material: Material, data: bytes, filename: str, info: docengine.UploadInfo, note: str, written: list
) -> MaterialVersion:
    previous = editable_version(material)
    version = MaterialVersion(
        material=material,
        number=next_version_number(material),
        filename=filename,
        kind=info.kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        slides=info.slides,
        note=(note or "").strip()[:300],
        uploaded_by=actor,
    )
    version.file.save(filename, ContentFile(data), save=False)
    written.append(version.file)
    version.save()
    if info.kind != docengine.PDF:
        # The guard has split the file already, in its bounded child process: it is not parsed again.
        _store_segments(version, info.extracted, previous)
    before = material.state
    if info.kind != docengine.PDF and material.state in APPROVED_STATES:
        material.state = MaterialState.REVIEW
        material.save(update_fields=["state", "updated_at"])
    event = WorkflowEvent.objects.create(
        material=material,
        version=version,
        action=WorkflowAction.UPLOADED,
        from_state=before,
        to_state=material.state,
        comment=version.note,
        actor=actor,
    )
    changes = {"version": [None, version.number], "file": [None, filename]}
    if before != material.state:
        changes["state"] = [before, material.state]
    record_event(
        actor=actor, action="material.version_uploaded", instance=material, course=material.course, changes=changes
    )
    notifications.material_event(material=material, event=event)
    if info.kind != docengine.PDF:
        from . import thumbnails

        thumbnails.start_on_upload(version, actor=actor)  # a background job, once the upload is committed
    return version


def source_tag_fields(segment: docengine.Segment) -> dict:
    """A segment's tagged source and what its tags stand for, as ``Segment`` stores them (empty: no tags)."""
    if segment.tagged is None or not segment.tagged.has_tags:
        return {"source_tagged": "", "tags": []}
    return {
        "source_tagged": str(segment.tagged),
        "tags": [{"name": info.name, "kind": info.kind, "label": info.label} for info in segment.tags],
    }


def _store_segments(version: MaterialVersion, found: Iterable[docengine.Segment], previous: MaterialVersion | None):
    carried = {}
    if previous is not None:
        carried = {
            row[0]: row
            for row in previous.segments.exclude(status=SegmentStatus.UNTRANSLATED).values_list(
                "key", "source", "target", "status", "translated_by", "translated_at", "source_tagged", "target_tagged"
            )
        }
    rows = []
    for segment in found:
        kept = carried.get(segment.key)
        tagged = source_tag_fields(segment)
        same = kept is not None and kept[1] == segment.text
        # The tagged translation is kept when the source's tags are the same; else the plain one is, flagged.
        same_tags = same and kept[6] == tagged["source_tagged"]
        rows.append(
            Segment(
                version=version,
                key=segment.key,
                order=segment.order,
                kind=segment.kind,
                part=segment.location.part,
                slide=segment.location.slide,
                source=segment.text,
                **tagged,
                runs=[{"text": run.text, "format": run.format} for run in segment.runs],
                box=dataclasses.asdict(segment.box) if segment.box is not None else None,
                target=kept[2] if same else "",
                target_tagged=kept[7] if same_tags else "",
                status=kept[3] if same else SegmentStatus.UNTRANSLATED,
                translated_by_id=kept[4] if same else None,
                translated_at=kept[5] if same else None,
            )
        )
    Segment.objects.bulk_create(rows, batch_size=500)


# Translator and comments ------------------------------------------------------------------------


@transaction.atomic
def assign_translator(*, actor: User, material: Material, translator: User) -> WorkflowEvent:
    require(actor, "materials.assign_translator", material)
    if translator.role != Role.TRANSLATOR or not translator.is_active:
        raise ValidationError({"translator": _("Choose an active user with the translator role.")})
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if locked.state not in OPEN_STATES:
        raise ValidationError(_("This presentation has been delivered; its translator no longer changes."))
    before = locked.translator
    if before is not None and before.pk == translator.pk:
        raise ValidationError(
            {"translator": _("%(name)s already translates this presentation.") % {"name": translator}}
        )
    locked.translator = translator
    locked.save(update_fields=["translator", "updated_at"])
    material.translator = translator
    event = WorkflowEvent.objects.create(
        material=locked,
        action=WorkflowAction.TRANSLATOR_ASSIGNED,
        from_state=locked.state,
        to_state=locked.state,
        comment=str(translator),
        actor=actor,
    )
    record_event(
        actor=actor,
        action="material.translator_assigned",
        instance=locked,
        course=locked.course,
        changes={"translator": [before, translator]},
    )
    notifications.material_event(material=locked, event=event)
    return event


@transaction.atomic
def add_comment(*, actor: User, material: Material, comment: str) -> WorkflowEvent:
    """A note on the timeline: staff's adaptation notes for the lecturer, a question, an answer."""
    require(actor, "materials.comment", material)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write the comment first.")})
    event = WorkflowEvent.objects.create(
        material=material,
        version=editable_version(material),
        action=WorkflowAction.COMMENTED,
        from_state=material.state,
        to_state=material.state,
        comment=comment,
        actor=actor,
    )
    record_event(actor=actor, action="material.commented", instance=material, course=material.course, changes={})
    notifications.material_event(material=material, event=event)
    return event


# The workflow -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One allowed move: from ``source`` by ``action`` to ``target``, for whoever has ``permission``."""

    source: str
    action: str
    target: str
    permission: str
    needs_comment: bool = False
    needs_checklist: bool = False

    @property
    def label(self) -> str:
        return str(ACTION_BUTTONS.get(self.action, WorkflowAction(self.action).label))


S, A = MaterialState, WorkflowAction
#: The workflow, all of it: (step, action) → the next step and who may take it.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (t.source, t.action): t
    for t in (
        Transition(S.ADAPTATION, A.SEND_TO_TRANSLATION, S.TRANSLATION, "materials.send_to_translation"),
        Transition(S.TRANSLATION, A.SUBMIT_FOR_REVIEW, S.REVIEW, "materials.submit_for_review"),
        Transition(S.REVIEW, A.APPROVE, S.ACCEPTABILITY, "materials.review"),
        Transition(S.REVIEW, A.RETURN, S.TRANSLATION, "materials.review", needs_comment=True),
        Transition(S.ACCEPTABILITY, A.SIGN_OFF, S.READY, "materials.sign_off", needs_checklist=True),
        Transition(S.ACCEPTABILITY, A.RETURN, S.TRANSLATION, "materials.sign_off", needs_comment=True),
        Transition(S.READY, A.DELIVER, S.DELIVERED, "materials.record_delivery"),
        Transition(S.DELIVERED, A.START_FOLLOW_UP, S.FOLLOW_UP, "materials.record_delivery"),
        Transition(S.FOLLOW_UP, A.CLOSE, S.CLOSED, "materials.record_delivery"),
    )
}
del S, A

#: What the buttons say (the timeline says what happened: ``WorkflowAction``'s labels).
ACTION_BUTTONS = {
    WorkflowAction.SEND_TO_TRANSLATION: gettext_lazy("Send to translation"),
    WorkflowAction.SUBMIT_FOR_REVIEW: gettext_lazy("Submit for the academy's review"),
    WorkflowAction.APPROVE: gettext_lazy("Approve"),
    WorkflowAction.RETURN: gettext_lazy("Return for changes"),
    WorkflowAction.SIGN_OFF: gettext_lazy("Sign off as acceptable"),
    WorkflowAction.DELIVER: gettext_lazy("Record as delivered"),
    WorkflowAction.START_FOLLOW_UP: gettext_lazy("Start the follow-up"),
    WorkflowAction.CLOSE: gettext_lazy("Close"),
}


def available_transitions(user, material: Material) -> list[Transition]:
    """The moves this user may make now (the buttons on the material's page)."""
    return [t for t in TRANSITIONS.values() if t.source == material.state and user.has_perm(t.permission, material)]


def presented_on(material: Material) -> datetime.date | None:
    """The day the presentation is given: its session's date, else its module's first day."""
    if material.session_id is not None:
        return material.session.date
    if material.module_id is not None:
        return material.module.first_day
    return None


def session_minutes(material: Material) -> int | None:
    """How long the presentation may take: its session's class hours of 45 minutes (a part of the day,
    three hours, when the session credits none); unknown for a module."""
    session = material.session if material.session_id is not None else None
    if session is None:
        return None
    if session.class_hours:
        return int(session.class_hours * MINUTES_PER_CLASS_HOUR)
    return MINUTES_PER_PART_OF_DAY


def glossary() -> docengine.Glossary:
    rows = GlossaryTerm.objects.values_list("english", "chinese", "topic_slug", "notes")
    return docengine.Glossary(docengine.Term(english, chinese, topic, notes) for english, chinese, topic, notes in rows)


def deck_findings(material: Material, version: MaterialVersion | None = None) -> list[docengine.Issue]:
    """The deck checks on the version being translated: length for the session, dense slides, what is
    untranslated, inconsistent glossary terms, terms the academy flagged."""
    version = version or editable_version(material)
    if version is None or version.is_reference:
        return []
    rows = list(version.segments.order_by("order"))
    segments = [
        docengine.Segment(
            key=row.key,
            order=row.order,
            text=row.source,
            kind=row.kind,
            location=docengine.Location(row.part, row.slide),
        )
        for row in rows
    ]
    translations = {row.key: row.target for row in rows if row.target.strip()}
    flagged = FlaggedTerm.objects.filter(academy_id=material.course.academy_id).values_list("term", flat=True)
    return docengine.check_deck(
        segments,
        translations,
        session_minutes=session_minutes(material),
        slide_count=version.slides,
        flagged_terms=list(flagged),
        glossary=glossary(),
    ) + fit_findings(version, translations)


def fit_findings(version: MaterialVersion, translations: dict[str, str]) -> list[docengine.Issue]:
    """Frames and tables of a deck the Chinese does not fit, or pushes past the slide or onto its
    footer (measured on the stored file, in a child held to the document limits)."""
    from peixun.core.document_limits import parse_limits
    from peixun.materials.fitting import text_metrics

    if version.kind != "pptx" or not translations or not version.file:
        return []
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
        return docengine.check_fit(data, version.kind, translations, metrics=text_metrics(), limits=parse_limits())
    except (OSError, docengine.PackageError, docengine.ParseLimitExceeded, docengine.ExportError) as error:
        logger.warning("Fit check skipped for version %s: %s", version.pk, error)
        return []


def findings_as_data(issues: Iterable[docengine.Issue]) -> list[dict]:
    return [{"code": issue.code, "params": issue.params, "key": issue.key} for issue in issues]


@transaction.atomic
def transition(*, actor: User, material: Material, action: str, comment: str = "", checklist=None) -> WorkflowEvent:
    """Move the presentation on by ``action`` (a key of ``TRANSITIONS`` with its current step).

    - send to translation needs a translator and a deck or document (not only a reference PDF);
    - submit for review runs the deck checks, stores their findings in the event, and refuses while
      segments are untranslated, unless programme staff submit with a comment saying why;
    - approve remembers the version approved; return needs a comment;
    - sign off needs every item of the acceptability checklist ticked;
    - deliver only from the day the presentation is given.
    """
    locked = Material.objects.select_for_update().get(pk=material.pk)
    step = TRANSITIONS.get((locked.state, action))
    if step is None:
        raise ValidationError(
            _("This cannot be done while the presentation is at the step “%(step)s”.")
            % {"step": MaterialState(locked.state).label}
        )
    require(actor, step.permission, locked)
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise ValidationError({"comment": _("Say what needs to change: a comment is required.")})
    version = editable_version(locked)
    findings: list[dict] = []
    ticked: dict = {}
    if action == WorkflowAction.SEND_TO_TRANSLATION:
        if version is None:
            raise ValidationError(_("Upload the deck or document (.pptx or .docx) first: a PDF is only a reference."))
        if locked.translator_id is None:
            raise ValidationError(_("Assign a translator first."))
    elif action == WorkflowAction.SUBMIT_FOR_REVIEW:
        if version is None:
            raise ValidationError(_("There is no deck or document to review."))
        issues = deck_findings(locked, version)
        findings = findings_as_data(issues)
        blocking = [issue for issue in issues if issue.code in BLOCKING_FINDINGS]
        if blocking:
            message = issue_message(blocking[0].code, blocking[0].params)
            if not actor.has_perm("materials.override_untranslated", locked):
                raise ValidationError(
                    _("%(problem)s Translate every segment before submitting.") % {"problem": message}
                )
            if not comment:
                raise ValidationError(
                    {"comment": _("%(problem)s To submit anyway, say why in the comment.") % {"problem": message}}
                )
    elif action == WorkflowAction.APPROVE:
        locked.approved_version = version
        # What the academy approved becomes the memory's suggestions for the next presentations.
        memory.add_approved_translations(locked, version, actor=actor)
    elif action == WorkflowAction.SIGN_OFF:
        missing = acceptability.missing_items(checklist or {})
        if missing:
            raise ValidationError(
                {
                    "checklist": _("Tick every item of the checklist to sign off; %(count)d are not ticked.")
                    % {"count": len(missing)}
                }
            )
        ticked = acceptability.as_record()
    elif action == WorkflowAction.DELIVER:
        day = presented_on(locked)
        today = timezone.localdate()
        if day is not None and today < day:
            raise ValidationError(
                _("The presentation is given on %(day)s; record it as delivered from that day on.")
                % {"day": clock.day(day)}
            )
    before = locked.state
    locked.state = step.target
    locked.save(update_fields=["state", "approved_version", "updated_at"])
    event = WorkflowEvent.objects.create(
        material=locked,
        version=version,
        action=action,
        from_state=before,
        to_state=locked.state,
        comment=comment,
        checklist=ticked,
        findings=findings,
        actor=actor,
    )
    record_event(
        actor=actor,
        action=f"material.{action}",
        instance=locked,
        course=locked.course,
        changes={"state": [before, locked.state]},
    )
    notifications.material_event(material=locked, event=event)
    material.state, material.approved_version_id = locked.state, locked.approved_version_id
    return event
