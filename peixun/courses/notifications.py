"""Who is told of a change to a timetable or a roster, and of what.

These functions only decide: each returns the changes of one action, one per person concerned
(``peixun.notifications.services.Change``); the service that made the action hands them all to
``notify()``, which writes each person one notice and one e-mail in their language.

- A session moved or cancelled: its lecturers and the course's confirmed officials.
- A lecturer added to or taken off a session: that lecturer.
- An accepted timetable: every lecturer and confirmed official with a session that moved (and
  the officials, of the sessions it adds), each told of theirs in one list.
- A nomination declined or waitlisted, an official promoted from the waitlist or withdrawn: the
  official and the unit contact who nominated them (the unit's contacts when that was someone else).

Unit contacts are not told of timetable changes inside a course: those change their officials'
sessions, not whether or when the unit's officials are away, and the officials hear of them directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import User
from peixun.notifications.enums import Kind
from peixun.notifications.services import Change, Recipient, for_person, for_user
from peixun.people.models import Lecturer, Official

from .enums import ACTIVE_STATUSES, EnrolmentStatus
from .models import Course, Enrolment, Session

#: Officials without a login of their own read Chinese first.
OFFICIAL_LANGUAGE = "zh-hans"

Slot = tuple[datetime.date, int]


def lecturer_language(lecturer: Lecturer) -> str:
    """The first of the lecturer's languages ("zh, en" reads Chinese first)."""
    first = (lecturer.languages or "en").split(",")[0].strip().lower()
    return "zh-hans" if first.startswith("zh") else "en"


def official_recipient(official: Official) -> Recipient | None:
    return for_person(official, language=OFFICIAL_LANGUAGE)


def lecturer_recipient(lecturer: Lecturer) -> Recipient | None:
    return for_person(lecturer, language=lecturer_language(lecturer))


def confirmed_officials(course: Course) -> list[Official]:
    return [
        enrolment.official
        for enrolment in Enrolment.objects.filter(course=course, status=EnrolmentStatus.CONFIRMED)
        .select_related("official__user")
        .order_by("official__search_key")
    ]


def _course_facts(course: Course) -> dict:
    return {"course_en": course.title_en, "course_zh": course.title_zh}


def _session_facts(session: Session, slot: Slot) -> dict:
    return {
        **_course_facts(session.course),
        "session_en": session.title_en,
        "session_zh": session.title_zh,
        "date": slot[0].isoformat(),
        "part": int(slot[1]),
    }


def _moved_facts(session: Session, before: Slot) -> dict:
    return {
        **_session_facts(session, (session.date, session.part_of_day)),
        "old_date": before[0].isoformat(),
        "old_part": int(before[1]),
    }


def _reason_facts(reason: str) -> dict:
    """The reason the person who made the change gave, told as they wrote it."""
    return {"reason": reason} if reason else {}


def _timetable(course: Course) -> str:
    return reverse("courses:timetable", args=[course.pk])


# Sessions ------------------------------------------------------------------------------------


def session_changed(
    *,
    session: Session,
    before: Slot,
    lecturers_before: Sequence[Lecturer],
    lecturers_after: Sequence[Lecturer],
) -> list[Change]:
    """A session changed by hand: where it moved, and who began or stopped teaching it."""
    moved = (session.date, session.part_of_day) != tuple(before)
    link = _timetable(session.course)
    now = (session.date, session.part_of_day)
    taught_before = {lecturer.pk for lecturer in lecturers_before}
    taught_after = {lecturer.pk for lecturer in lecturers_after}
    changes = []
    for lecturer in lecturers_after:
        if lecturer.pk not in taught_before:
            changes.append(
                Change(lecturer_recipient(lecturer), Kind.LECTURER_ADDED, _session_facts(session, now), link)
            )
        elif moved:
            changes.append(
                Change(lecturer_recipient(lecturer), Kind.SESSION_MOVED, _moved_facts(session, before), link)
            )
    for lecturer in lecturers_before:
        if lecturer.pk not in taught_after:
            changes.append(Change(lecturer_recipient(lecturer), Kind.LECTURER_REMOVED, _session_facts(session, before)))
    if moved:
        facts = _moved_facts(session, before)
        changes += [
            Change(official_recipient(official), Kind.SESSION_MOVED, facts, link)
            for official in confirmed_officials(session.course)
        ]
    return changes


def session_cancelled(*, session: Session, lecturers: Sequence[Lecturer], reason: str = "") -> list[Change]:
    facts = _session_facts(session, (session.date, session.part_of_day)) | _reason_facts(reason)
    link = _timetable(session.course)
    people = [lecturer_recipient(lecturer) for lecturer in lecturers]
    people += [official_recipient(official) for official in confirmed_officials(session.course)]
    return [Change(person, Kind.SESSION_CANCELLED, facts, link) for person in people]


def timetable_applied(
    *,
    courses: Iterable[Course],
    moved: Sequence[tuple[Session, Slot]],
    taught_by: dict[int, list[int]],
    created: Sequence[Session] = (),
) -> list[Change]:
    """An accepted timetable: each lecturer and confirmed official of a moved session hears of all
    of theirs (old and new slot), the officials of the new sessions too, in the order of the week."""
    courses = {course.pk: course for course in courses}
    officials = {
        pk: [official_recipient(official) for official in confirmed_officials(course)] for pk, course in courses.items()
    }
    lecturer_ids = {lecturer_id for ids in taught_by.values() for lecturer_id in ids}
    lecturers = {
        lecturer.pk: lecturer for lecturer in Lecturer.objects.filter(pk__in=lecturer_ids).select_related("user")
    }
    changes = []
    for session, before in sorted(moved, key=lambda pair: (pair[0].date, pair[0].part_of_day, pair[0].pk)):
        session.course = courses[session.course_id]
        facts, link = _moved_facts(session, before), _timetable(session.course)
        people = [lecturer_recipient(lecturers[pk]) for pk in taught_by.get(session.pk, [])]
        people += officials[session.course_id]
        changes += [Change(person, Kind.SESSION_MOVED, facts, link) for person in people]
    for session in sorted(created, key=lambda s: (s.date, s.part_of_day, s.pk)):
        session.course = courses[session.course_id]
        facts, link = _session_facts(session, (session.date, session.part_of_day)), _timetable(session.course)
        changes += [Change(person, Kind.SESSION_ADDED, facts, link) for person in officials[session.course_id]]
    return changes


# Enrolments ----------------------------------------------------------------------------------


def unit_contacts(enrolment: Enrolment) -> list[User]:
    """The unit contact who nominated the official; all the unit's contacts when someone else did."""
    nominator = enrolment.nominated_by
    if (
        nominator is not None
        and nominator.is_active
        and nominator.role == Role.UNIT_CONTACT
        and nominator.sending_unit_id == enrolment.unit_id
    ):
        return [nominator]
    return list(User.objects.filter(role=Role.UNIT_CONTACT, sending_unit_id=enrolment.unit_id, is_active=True))


def enrolment_changed(enrolment: Enrolment, kind: Kind, *, reason: str = "") -> list[Change]:
    """What became of one official's place, and why when the person who decided said so: told to
    the official and to their unit's contact."""
    course, official = enrolment.course, enrolment.official
    facts = {**_course_facts(course), "official_zh": official.name_zh, "official_pinyin": official.name_pinyin}
    facts |= _reason_facts(reason)
    if kind == Kind.PROMOTED:
        facts |= {
            "academy_en": course.academy.name_en,
            "academy_zh": course.academy.name_zh,
            "start": course.start.isoformat(),
            "end": course.end.isoformat(),
        }
    elif kind == Kind.WITHDRAWN:
        facts["start"] = course.start.isoformat()
    # The official sees the course while they hold a place in it; the contact always sees the roster.
    own_link = reverse("courses:detail", args=[course.pk]) if enrolment.status in ACTIVE_STATUSES else ""
    roster = reverse("courses:roster", args=[course.pk])
    changes = [Change(official_recipient(official), kind, facts, own_link)]
    changes += [Change(for_user(contact), kind, facts, roster) for contact in unit_contacts(enrolment)]
    return changes
