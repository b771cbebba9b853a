"""Reads of presentations, scoped to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from peixun.core.enums import Role

from .enums import MaterialState, WorkflowAction
from .models import Material, MaterialVersion, Segment, WorkflowEvent


def visible_materials(user) -> QuerySet[Material]:
    """Staff see every presentation; a lecturer their own; a translator those assigned to them; an academy's
    coordinators and reviewers all of its courses' presentations (rules_workflow.academy_of_material)."""
    materials = Material.objects.select_related("course__academy", "session", "module", "lecturer", "translator")
    if not user.is_authenticated or not user.is_active:
        return materials.none()
    if user.is_programme_staff:
        return materials
    if user.role == Role.LECTURER:
        return materials.filter(lecturer__user=user)
    if user.role == Role.TRANSLATOR:
        return materials.filter(translator=user)
    if user.role in (Role.COORDINATOR, Role.REVIEWER):
        return materials.filter(course__academy_id=user.academy_id)
    return materials.none()


def with_latest_version(materials: QuerySet[Material]) -> QuerySet[Material]:
    """Annotate the latest version's number and file name (one query for a whole list)."""
    latest = MaterialVersion.objects.filter(material=OuterRef("pk")).order_by("-number")
    return materials.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_filename=Subquery(latest.values("filename")[:1]),
    )


def material_list(user) -> QuerySet[Material]:
    return with_latest_version(visible_materials(user)).order_by(
        "course__start", "session__date", "title_en", "title_zh", "pk"
    )


def course_materials(user, course) -> QuerySet[Material]:
    return with_latest_version(visible_materials(user).filter(course=course)).order_by(
        "session__date", "title_en", "title_zh", "pk"
    )


def review_queue(user) -> QuerySet[Material]:
    """The presentations waiting for the academy's review that the user sees, the soonest session first, each
    with its latest version, when it was last submitted (``submitted_at``) and how often it was returned
    before (``returns``). One query."""
    events = WorkflowEvent.objects.filter(material=OuterRef("pk"))
    submitted = events.filter(action=WorkflowAction.SUBMIT_FOR_REVIEW).order_by("-at", "-pk").values("at")[:1]
    returns = (
        events.filter(action=WorkflowAction.RETURN).order_by().values("material").annotate(n=Count("pk")).values("n")
    )
    return (
        with_latest_version(visible_materials(user).filter(state=MaterialState.REVIEW))
        .annotate(
            submitted_at=Subquery(submitted),
            returns=Coalesce(Subquery(returns, output_field=IntegerField()), Value(0)),
        )
        .order_by(F("session__date").asc(nulls_last=True), "course__start", "title_en", "title_zh", "pk")
    )


def counts_by_state(materials: QuerySet[Material]) -> dict[str, int]:
    """How many of ``materials`` are at each step (every step present, zero where none). One query."""
    counts = dict.fromkeys(MaterialState.values, 0)
    for row in materials.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return counts


def versions_of(material: Material) -> list[MaterialVersion]:
    return list(material.versions.select_related("uploaded_by").order_by("-number"))


def editable_version(material: Material, versions: list[MaterialVersion] | None = None) -> MaterialVersion | None:
    """The newest deck or document (not a reference PDF): the one being translated."""
    if versions is None:
        return material.versions.exclude(kind="pdf").order_by("-number").first()
    return next((v for v in versions if not v.is_reference), None)


def timeline(material: Material) -> QuerySet[WorkflowEvent]:
    return material.events.select_related("actor", "version").order_by("at", "id")


def segment_counts(version: MaterialVersion) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in version.segments.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def next_version_number(material: Material) -> int:
    return (material.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@dataclass(frozen=True)
class SegmentChange:
    """One paragraph that differs between two versions, matched by key: ``change`` is ``added``,
    ``removed`` or ``changed``; the old side is empty for an added one, the new side for a removed one."""

    key: str
    change: str
    slide: int | None
    old_source: str
    new_source: str
    old_target: str
    new_target: str


def version_diff(old: MaterialVersion, new: MaterialVersion) -> list[SegmentChange]:
    """What changed from ``old`` to ``new``: segments added, removed, or with another source or translation."""
    fields = ("key", "order", "slide", "source", "target")
    before = {row["key"]: row for row in old.segments.values(*fields)}
    after = {row["key"]: row for row in new.segments.values(*fields)}
    changes = []
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            changes.append(
                (row["order"], SegmentChange(key, "added", row["slide"], "", row["source"], "", row["target"]))
            )
        elif was["source"] != row["source"] or was["target"] != row["target"]:
            changes.append(
                (
                    row["order"],
                    SegmentChange(
                        key, "changed", row["slide"], was["source"], row["source"], was["target"], row["target"]
                    ),
                )
            )
    for key, row in before.items():
        if key not in after:
            changes.append(
                (row["order"], SegmentChange(key, "removed", row["slide"], row["source"], "", row["target"], ""))
            )
    changes.sort(key=lambda item: (item[0], item[1].change != "removed"))
    return [change for _order, change in changes]


def segments_for_checks(version: MaterialVersion) -> QuerySet[Segment]:
    return version.segments.order_by("order")
