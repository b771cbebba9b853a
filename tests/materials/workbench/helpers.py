"""Presentations for the workbench's tests: a material, a version holding a real file, its segments."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from django.core.files.base import ContentFile

from peixun.core.enums import Role
from peixun.docengine import extract
from peixun.materials.enums import MaterialState
from peixun.materials.models import Material, MaterialVersion, Segment
from peixun.materials.services import source_tag_fields
from tests.factories import CourseFactory, LecturerFactory, UserFactory
from tests.shared_fixtures import FIXTURES

DECKS = sorted((FIXTURES / "decks").glob("*.pptx"))
DOCUMENTS = sorted((FIXTURES / "documents").glob("*.docx"))
SMALL_DECK = FIXTURES / "decks" / "pptx-txt-font-props.pptx"


def make_material(
    path: Path = SMALL_DECK,
    *,
    course=None,
    translator=None,
    lecturer=None,
    state: str = MaterialState.TRANSLATION,
    title: str = "Sponge cities",
) -> Material:
    course = course or CourseFactory()
    if lecturer is None:
        lecturer = LecturerFactory(user=UserFactory(role=Role.LECTURER))
    if translator is None:
        translator = UserFactory(role=Role.TRANSLATOR)
    material = Material.objects.create(
        course=course, lecturer=lecturer, title_en=title, state=state, translator=translator, created_by=lecturer.user
    )
    add_version(material, path)
    return material


def add_version(material: Material, path: Path, number: int | None = None) -> MaterialVersion:
    data = path.read_bytes()
    kind = path.suffix.lstrip(".").lower()
    number = number or (material.versions.count() + 1)
    version = MaterialVersion(
        material=material,
        number=number,
        filename=path.name,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=material.created_by,
    )
    version.file.save(path.name, ContentFile(data), save=False)
    segments = extract(data, kind)
    version.slides = max((s.slide or 0 for s in segments), default=0) or None
    version.save()
    Segment.objects.bulk_create(
        Segment(
            version=version,
            key=s.key,
            order=s.order,
            kind=s.kind,
            part=s.location.part,
            slide=s.slide,
            source=s.text,
            **source_tag_fields(s),
            runs=[{"text": run.text, "format": run.format} for run in s.runs],
            box=dataclasses.asdict(s.box) if s.box else None,
        )
        for s in segments
    )
    return version


def add_synthetic_segments(version: MaterialVersion, count: int, per_slide: int = 10) -> list[Segment]:
    """Rows without a file behind them, for pages of many segments (the page never reads the file)."""
    return Segment.objects.bulk_create(
        Segment(
            version=version,
            key=f"s{i // per_slide + 1}/sp{i % per_slide}/p0",
            order=i,
            kind="paragraph",
            part="slide",
            slide=i // per_slide + 1,
            source=f"Sponge city pilot number {i} reduced flooding by {i % 7 + 10} percent",
            runs=[{"text": "Sponge city", "format": {"bold": True, "size": 24.0}}],
            box={"width": 5_000_000, "height": 800_000, "font_size": 24.0, "autofit": False},
        )
        for i in range(count)
    )
