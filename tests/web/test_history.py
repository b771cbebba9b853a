"""The history of changes reads in words, in the reader's language: field names and values, not codes."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from peixun.core.actions import ACTION_LABELS
from peixun.core.history import Change, readable_changes
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.curriculum.enums import PartOfDay, SessionFormat
from tests.factories import PASSWORD, CourseFactory, UserFactory

SESSION_CREATED = AuditEvent(
    action="session.created",
    object_type="courses.session",
    changes={
        "date": [None, "2026-12-05"],
        "part_of_day": [None, 3],
        "format": [None, "site_visit"],
        "pinned": [True, False],
        "lecturers": [None, ["Eric Lindqvist", "Amara Osei"]],
        "class_hours": ["3.0", "0.0"],
        "no_such_field": ["a", ""],
    },
)


def test_changes_read_in_english():
    with translation.override("en"):
        assert readable_changes(SESSION_CREATED) == [
            Change("Date", "—", "5 December 2026"),
            Change("Part of day", "—", "Evening"),
            Change("Format", "—", "Site visit"),
            Change("Pinned", "Yes", "No"),
            Change("Lecturers", "—", "Eric Lindqvist, Amara Osei"),
            Change("Class hours", "3.0", "0.0"),
            Change("No such field", "a", "—"),
        ]


def test_changes_read_in_chinese():
    with translation.override("zh-hans"):
        changes = readable_changes(SESSION_CREATED)
    assert changes[:4] == [
        Change("日期", "—", "2026年12月5日"),
        Change("时段", "—", "晚上"),
        Change("形式", "—", "现场考察"),
        Change("固定", "是", "否"),
    ]


def test_a_value_recorded_in_another_shape_is_shown_as_recorded():
    event = AuditEvent(object_type="courses.session", changes={"date": ["soon", None], "format": ["gone", None]})
    assert [(c.old, c.new) for c in readable_changes(event)] == [("soon", "—"), ("gone", "—")]


def test_an_event_about_a_model_that_no_longer_exists_still_reads():
    event = AuditEvent(object_type="courses.vanished", changes={"part_of_day": [None, 2]})
    assert readable_changes(event) == [Change("Part of day", "—", "2")]


def test_every_action_the_code_records_has_a_label():
    """An action without a label would show its code (``availability.added``) to every reader."""
    from pathlib import Path

    import peixun

    recorded = set()
    for path in Path(peixun.__file__).parent.rglob("*.py"):
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(recorded) > 30
    assert sorted(recorded - set(ACTION_LABELS)) == []


@pytest.mark.django_db
def test_course_history_page_reads_in_the_readers_language(client):
    course = CourseFactory()
    staff = UserFactory(role="staff", language="zh-hans")
    day = course.start
    services.create_session(
        actor=staff,
        course=course,
        date=day,
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.WORKSHOP,
        title_en="Workshop: the city's energy plan",
        title_zh="研讨：城市能源规划",
        class_hours=3,
    )
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("courses:history", args=[course.pk])).content.decode()
    assert "时段: <del>—</del> → <ins>下午</ins>" in page
    assert "形式: <del>—</del> → <ins>工作坊</ins>" in page
    assert "part_of_day" not in page and "workshop</ins>" not in page
