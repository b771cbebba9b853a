"""The list of presentations and the glossary: sortable, filtered, in pages."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.core.fields import ByteOrder
from peixun.core.lists import (
    ChoiceFilter,
    Column,
    ListSpec,
    TextFilter,
    by_name,
    enum_choices,
    in_order_of,
    reading_order,
)
from peixun.courses.models import Course
from peixun.curriculum.models import Topic

from .enums import MaterialState
from .models import MaterialVersion
from .selectors import visible_materials

# Presentations -----------------------------------------------------------------------------------

KINDS = [
    ("pptx", _("Slides (PowerPoint)")),
    ("docx", _("Document (Word)")),
    ("pdf", _("PDF (for reference)")),
]
NO_VERSION = "none"


def _courses(request):
    courses = Course.objects.filter(pk__in=visible_materials(request.user).values("course_id"))
    return [
        (course.pk, course.title) for course in reading_order(courses, english="title_en", chinese_key="title_zh_key")
    ]


def _of_kind(materials, kind: str, request):
    if kind == NO_VERSION:
        return materials.filter(versions__isnull=True)
    latest = MaterialVersion.objects.filter(material=OuterRef("pk")).order_by("-number").values("kind")[:1]
    return materials.annotate(latest_kind=Subquery(latest)).filter(latest_kind=kind)


def _search_materials(materials, text: str, request):
    return materials.filter(
        Q(title_en__icontains=text)
        | Q(title_zh__icontains=text)
        | Q(lecturer__name__icontains=text)
        | Q(lecturer__name_zh__icontains=text)
    )


MATERIALS = ListSpec(
    columns=[
        Column("when", _("Date"), en=["course__start", F("session__date"), Lower("title_en")]),
        Column("title", pgettext_lazy("of a course or a presentation", "Title"), **by_name("title_en", "title_zh_key")),
        Column("course", _("Course"), **by_name("course__title_en", "course__title_zh_key")),
        Column("step", _("Step"), en=[in_order_of("state", MaterialState.values)]),
        Column("lecturer", _("Lecturer"), en=[Lower("lecturer__name")], zh=[ByteOrder("lecturer__name_key")]),
    ],
    default_sort="when",
    filters=[
        TextFilter("q", _("Search"), apply=_search_materials, placeholder=_("Title or lecturer")),
        ChoiceFilter(
            "course", _("Course"), _courses, lambda m, v, r: m.filter(course_id=v), any_label=_("All courses")
        ),
        ChoiceFilter(
            "state",
            _("Step"),
            enum_choices(MaterialState),
            lambda m, v, r: m.filter(state=v),
            any_label=_("All steps"),
        ),
        ChoiceFilter(
            "kind",
            pgettext_lazy("kind of file", "Kind"),
            lambda request: [*KINDS, (NO_VERSION, _("No file yet"))],
            _of_kind,
            any_label=_("Any kind"),
        ),
    ],
    per_page=25,
)


# The glossary ------------------------------------------------------------------------------------

NO_TOPIC = "none"


def _topics(request):
    return [*((topic.pk, topic.name) for topic in Topic.objects.order_by("order", "slug")), (NO_TOPIC, _("No topic"))]


def _on_topic(terms, value: str, request):
    return terms.filter(topic__isnull=True) if value == NO_TOPIC else terms.filter(topic_id=value)


def _search_terms(terms, text: str, request):
    return terms.filter(Q(english__icontains=text) | Q(chinese__icontains=text) | Q(notes__icontains=text))


GLOSSARY = ListSpec(
    columns=[
        Column("english", _("English"), en=[Lower("english")]),
        Column("chinese", _("Chinese"), en=[ByteOrder("chinese_key")]),
        Column("topic", _("Topic"), en=[F("topic__order"), F("topic__slug"), Lower("english")]),
        Column("notes", _("Notes")),
        Column("actions", ""),
    ],
    default_sort="english",
    default_sort_zh="chinese",
    filters=[
        TextFilter("q", _("Search"), apply=_search_terms, placeholder=_("English or Chinese term")),
        ChoiceFilter("topic", _("Topic"), _topics, _on_topic, any_label=_("Any topic")),
    ],
    per_page=100,
)
