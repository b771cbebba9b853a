"""The translation memory: approved translations go in, TMX files come in and go out.

Entries are only added (a pair held twice is kept once, by the database's unique hashes), so the
workbench can tell from the highest id and the count whether its built memory is still current.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from peixun.core.models import AuditEvent

from .enums import EntryOrigin, SegmentStatus
from .models import Material, MaterialVersion, MemoryEntry, normalise_source, text_hash

#: A TMX file larger than this is refused before it is parsed.
TMX_MAX_BYTES = 20 * 1024 * 1024
_BATCH = 500


def _tagged_pair(source_tagged, target_tagged) -> dict[str, str]:
    """Both sides' canonical tagged text when either has tags (a side without any is its plain text)."""
    from peixun.docengine import Tagged

    sides = [side for side in (source_tagged, target_tagged) if isinstance(side, Tagged)]
    if not any(side.has_tags for side in sides):
        return {}
    return {
        "source_tagged": str(source_tagged) if isinstance(source_tagged, Tagged) else "",
        "target_tagged": str(target_tagged) if isinstance(target_tagged, Tagged) else "",
    }


def _entry(source: str, target: str, **fields) -> MemoryEntry:
    entry = MemoryEntry(source=source, target=target.strip(), **fields)
    entry.source_hash = text_hash(normalise_source(source))
    entry.target_hash = text_hash(entry.target)
    return entry


def _add_new(entries: list[MemoryEntry]) -> int:
    """Insert the entries whose pair the memory does not hold yet; how many were added."""
    unique: dict[tuple[str, str], MemoryEntry] = {}
    for entry in entries:
        unique.setdefault((entry.source_hash, entry.target_hash), entry)
    added = 0
    pairs = list(unique.items())
    for start in range(0, len(pairs), _BATCH):
        batch = dict(pairs[start : start + _BATCH])
        held = set(
            MemoryEntry.objects.filter(source_hash__in={s for s, _ in batch}).values_list("source_hash", "target_hash")
        )
        new = [entry for pair, entry in batch.items() if pair not in held]
        # ignore_conflicts: a pair another request added meanwhile is still held once.
        MemoryEntry.objects.bulk_create(new, ignore_conflicts=True)
        added += len(new)
    return added


@transaction.atomic
def add_approved_translations(material: Material, version: MaterialVersion, *, actor=None) -> int:
    """Add every translated segment of ``version`` to the memory (origin "approved"); returns how many were new.

    The workflow calls this when the academy approves the presentation. Pairs the memory already
    holds are skipped, so calling it twice adds nothing the second time.
    """
    rows = (
        version.segments.filter(status=SegmentStatus.TRANSLATED)
        .exclude(target="")
        .values_list("source", "target", "source_tagged", "target_tagged")
    )
    # A pair with tags keeps them (both sides), so a later match brings them along; a translation saved
    # without its source's tags goes in as plain text.
    entries = [
        _entry(
            source,
            target,
            origin=EntryOrigin.APPROVED,
            material=material,
            created_by=actor,
            **({"source_tagged": source_tagged, "target_tagged": target_tagged} if target_tagged else {}),
        )
        for source, target, source_tagged, target_tagged in rows
        if source.strip() and target.strip()
    ]
    return _add_new(entries)


def _tmx_error(error) -> ValidationError:
    if error.line:
        message = _("The file is not a TMX file Peixun can read (line %(line)s): %(problem)s") % {
            "line": error.line,
            "problem": error.message,
        }
    else:
        message = _("The file is not a TMX file Peixun can read: %(problem)s") % {"problem": error.message}
    return ValidationError(message, code="tmx")


@transaction.atomic
def import_tmx(*, actor, file, note: str = "") -> int:
    """Add a TMX file's English–Chinese units to the memory, all or nothing; returns how many were new.

    ``file`` is an uploaded file (or anything with ``read()`` and ``name``). A file that is too large,
    not well-formed, or has no English–Chinese unit is refused with the reason (and the line, when the
    parser knows it); nothing is added then.
    """
    from peixun.docengine import TmxError, read_tmx

    size = getattr(file, "size", None)
    if size is not None and size > TMX_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; TMX files of up to %(limit)s MB are accepted.")
            % {"size": round(size / 1024 / 1024, 1), "limit": TMX_MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    data = file.read(TMX_MAX_BYTES + 1)
    if len(data) > TMX_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB, the most accepted.") % {"limit": TMX_MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    try:
        units = read_tmx(data)
    except TmxError as error:
        raise _tmx_error(error) from None
    if not units:
        raise ValidationError(
            _("The file holds no unit with both English and Simplified Chinese text."), code="no_units"
        )
    name = getattr(file, "name", "") or "memory.tmx"
    entries = [
        _entry(
            unit.source,
            unit.target,
            origin=EntryOrigin.TMX,
            note=(note or name)[:300],
            created_by=actor,
            **_tagged_pair(unit.tagged_source, unit.tagged_target),
        )
        for unit in units
    ]
    added = _add_new(entries)
    AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action="memory.imported",
        object_type="materials.memoryentry",
        object_id="",
        object_repr=name[:300],
        changes={"units": [None, len(units)], "added": [None, added]},
    )
    return added


def export_tmx() -> bytes:
    """The whole memory as TMX 1.4 (each unit notes where it came from)."""
    from peixun.docengine import Tagged, TmxUnit, write_tmx

    rows = MemoryEntry.objects.order_by("pk").values_list(
        "pk", "source", "target", "source_tagged", "target_tagged", "origin", "created_at"
    )
    units = (
        TmxUnit(
            source,
            target,
            "en",
            "zh-CN",
            {
                "tuid": str(pk),
                "creationdate": created.strftime("%Y%m%dT%H%M%SZ") if created else None,
                "props": {"x-origin": origin},
            },
            # Tags go out as TMX inline elements (<bpt>, <ept>, <ph>), so another tool keeps them too.
            Tagged.parse(source_tagged) if source_tagged else None,
            Tagged.parse(target_tagged) if target_tagged else None,
        )
        for pk, source, target, source_tagged, target_tagged, origin, created in rows.iterator()
    )
    return write_tmx(units, srclang="en")


def memory_counts() -> dict[str, int]:
    counts = MemoryEntry.objects.aggregate(
        total=Count("pk"),
        approved=Count("pk", filter=Q(origin=EntryOrigin.APPROVED)),
        tmx=Count("pk", filter=Q(origin=EntryOrigin.TMX)),
    )
    return counts


def search_memory(query: str) -> QuerySet[MemoryEntry]:
    entries = MemoryEntry.objects.select_related("material").order_by("-pk")
    query = query.strip()
    if query:
        entries = entries.filter(Q(source__icontains=query) | Q(target__icontains=query))
    return entries
