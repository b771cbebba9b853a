"""Every change to the press archive and the translated documents goes through these functions.

Each one is atomic, checks the rules, and records an audit row with the old and new values in the same
transaction. Checks that refuse raise ``ValidationError`` keyed by field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peixun.core.audit import diff, record_event, snapshot
from peixun.core.models import User
from peixun.courses.models import Course
from peixun.partners.models import PressItem, TranslatedDocument
from peixun.people.enums import OrganisationKind
from peixun.people.models import Jurisdiction, Organisation

from . import uploads

PRESS_FIELDS = ("date", "outlet", "title_en", "title_zh", "url", "summary_en", "summary_zh", "published")
DOCUMENT_FIELDS = (
    "title_en",
    "title_zh",
    "date",
    "jurisdiction",
    "summary_en",
    "summary_zh",
    "published",
    "source_file",
    "translated_file",
)


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


# The press archive ---------------------------------------------------------------------------

_http_url = URLValidator(schemes=["http", "https"])


def check_press_item(item: PressItem, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if item.date and item.date > today:
        errors.setdefault("date", []).append(
            _("The date %(date)s is in the future; the archive holds what has been published.")
            % {"date": _day(item.date)}
        )
    if item.outlet_id is None or item.outlet.kind != OrganisationKind.MEDIA:
        errors.setdefault("outlet", []).append(_("Choose a media outlet: an organisation of the kind “Media outlet”."))
    if item.url:
        try:
            _http_url(item.url)
        except ValidationError:
            errors.setdefault("url", []).append(_("The link must be a web address starting with http:// or https://."))
    for name in ("title_en", "title_zh"):
        if not (getattr(item, name) or "").strip():
            errors.setdefault(name, []).append(_("Give the headline in both languages."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_press_item(
    *,
    actor: User,
    date: datetime.date,
    outlet: Organisation,
    title_en: str,
    title_zh: str,
    url: str = "",
    summary_en: str = "",
    summary_zh: str = "",
    courses: Iterable[Course] = (),
    published: bool = True,
) -> PressItem:
    item = PressItem(
        date=date,
        outlet=outlet,
        title_en=title_en.strip(),
        title_zh=title_zh.strip(),
        url=url.strip(),
        summary_en=summary_en.strip(),
        summary_zh=summary_zh.strip(),
        published=published,
    )
    check_press_item(item)
    item.save()
    courses = list(courses)
    item.courses.set(courses)
    changes = {k: [None, v] for k, v in snapshot(item, PRESS_FIELDS).items()}
    changes["courses"] = [None, sorted(str(c) for c in courses)]
    record_event(actor=actor, action="press.created", instance=item, changes=changes)
    return item


@transaction.atomic
def update_press_item(*, actor: User, item: PressItem, courses: Iterable[Course] | None = None, **fields) -> PressItem:
    item = PressItem.objects.select_for_update(of=("self",)).select_related("outlet").get(pk=item.pk)
    before = snapshot(item, PRESS_FIELDS)
    before_courses = sorted(str(c) for c in item.courses.all())
    for name, value in fields.items():
        if name not in PRESS_FIELDS:
            raise TypeError(f"update_press_item() got an unexpected field {name!r}")
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    check_press_item(item)
    item.save()
    changes = diff(before, snapshot(item, PRESS_FIELDS))
    if courses is not None:
        courses = list(courses)
        item.courses.set(courses)
        after_courses = sorted(str(c) for c in courses)
        if after_courses != before_courses:
            changes["courses"] = [before_courses, after_courses]
    if changes:
        record_event(actor=actor, action="press.changed", instance=item, changes=changes)
    return item


# Translated documents ------------------------------------------------------------------------


def _checked_uploads(**files: UploadedFile | None) -> dict[str, tuple[UploadedFile, str]]:
    """Every new file checked before any is stored, so a refused one leaves nothing behind."""
    checked, errors = {}, {}
    for field, upload in files.items():
        if upload is None:
            continue
        try:
            checked[field] = (upload, uploads.check_document_file(upload))
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return checked


def _store(document: TranslatedDocument, checked: dict[str, tuple[UploadedFile, str]]) -> None:
    """Save each upload under a name of its own; a file it replaces stays where it was."""
    for field, (upload, kind) in checked.items():
        getattr(document, field).save(uploads.stored_name(document.title_en, kind), upload, save=False)


def _check_document(document: TranslatedDocument, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    for name in ("title_en", "title_zh"):
        if not (getattr(document, name) or "").strip():
            errors.setdefault(name, []).append(_("Give the title in both languages."))
    if document.date and document.date > today:
        errors.setdefault("date", []).append(_("The date %(date)s is in the future.") % {"date": _day(document.date)})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_translated_document(
    *,
    actor: User,
    title_en: str,
    title_zh: str,
    date: datetime.date,
    translated_file: UploadedFile,
    source_file: UploadedFile | None = None,
    jurisdiction: Jurisdiction | None = None,
    summary_en: str = "",
    summary_zh: str = "",
    published: bool = True,
) -> TranslatedDocument:
    document = TranslatedDocument(
        title_en=title_en.strip(),
        title_zh=title_zh.strip(),
        date=date,
        jurisdiction=jurisdiction,
        summary_en=summary_en.strip(),
        summary_zh=summary_zh.strip(),
        published=published,
        added_by=actor,
    )
    _check_document(document)
    if translated_file is None:
        raise ValidationError({"translated_file": _("Upload the translation.")})
    _store(document, _checked_uploads(translated_file=translated_file, source_file=source_file))
    document.save()
    record_event(
        actor=actor,
        action="document.added",
        instance=document,
        changes={k: [None, v] for k, v in _document_snapshot(document).items()},
    )
    return document


@transaction.atomic
def update_translated_document(
    *,
    actor: User,
    document: TranslatedDocument,
    source_file: UploadedFile | None = None,
    translated_file: UploadedFile | None = None,
    **fields,
) -> TranslatedDocument:
    """Change the details, and replace either file by uploading a new one: the new file gets a new name
    and the old one is kept, so the audit trail can always point at what was there before."""
    document = TranslatedDocument.objects.select_for_update().get(pk=document.pk)
    before = _document_snapshot(document)
    for name, value in fields.items():
        if name not in DOCUMENT_FIELDS or name.endswith("_file"):
            raise TypeError(f"update_translated_document() got an unexpected field {name!r}")
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    _check_document(document)
    _store(document, _checked_uploads(translated_file=translated_file, source_file=source_file))
    document.save()
    changes = diff(before, _document_snapshot(document))
    if changes:
        record_event(actor=actor, action="document.changed", instance=document, changes=changes)
    return document


def _document_snapshot(document: TranslatedDocument) -> dict:
    values = snapshot(document, [f for f in DOCUMENT_FIELDS if not f.endswith("_file")])
    values["source_file"] = document.source_file.name or None
    values["translated_file"] = document.translated_file.name or None
    return values
