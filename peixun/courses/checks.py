"""The rules a course and its timetable must keep, as one checker.

Every function returns a list of :class:`Problem`; an empty list means the rule holds. Services
refuse a change that has errors and pass warnings back to the person making it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peixun.academies.models import Academy, Venue
from peixun.curriculum.enums import FORMAT_PARTS, UNCREDITED_FORMATS, PartOfDay, SessionFormat
from peixun.people.models import Lecturer

from .models import WEEKDAYS, Course, CourseModule, Session, SessionLecturer


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str
    is_warning: bool = False


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _either(items: list[str]) -> str:
    """'morning', 'morning or afternoon', 'morning, afternoon or evening'."""
    if len(items) < 2:
        return "".join(items)
    return _("%(some)s or %(last)s") % {"some": _(", ").join(items[:-1]), "last": items[-1]}


def _weekday(value: int) -> str:
    return str(dict(WEEKDAYS)[value])


def check_course(
    *, academy: Academy, start: datetime.date, end: datetime.date, day_off: int | None, capacity: int
) -> list[Problem]:
    problems: list[Problem] = []
    if end < start:
        problems.append(Problem("end", _("The course ends before it begins.")))
        return problems
    length = (end - start).days + 1
    if not academy.min_course_days <= length <= academy.max_course_days:
        problems.append(
            Problem(
                "end",
                _("The course lasts %(days)d days; courses at %(academy)s last %(min)d to %(max)d days.")
                % {"days": length, "academy": academy, "min": academy.min_course_days, "max": academy.max_course_days},
            )
        )
    if day_off is None:
        problems.append(Problem("day_off", _("A course needs a weekly day off.")))
    else:
        days = [start + datetime.timedelta(days=i) for i in range(length)]
        for i in range(0, max(0, length - 6)):
            window = days[i : i + 7]
            if all(d.weekday() != day_off for d in window):
                problems.append(
                    Problem(
                        "day_off",
                        _("The seven days from %(day)s have no day off.") % {"day": _day(window[0])},
                    )
                )
                break
    if capacity > academy.max_capacity:
        problems.append(
            Problem(
                "capacity",
                _("A class of %(capacity)d is larger than %(academy)s allows (at most %(max)d).")
                % {"capacity": capacity, "academy": academy, "max": academy.max_capacity},
            )
        )
    elif (largest := _largest_classroom(academy)) is not None and capacity > largest:
        problems.append(
            Problem(
                "capacity",
                _("No classroom of %(academy)s holds a class of %(capacity)d; the largest holds %(largest)d.")
                % {"capacity": capacity, "academy": academy, "largest": largest},
            )
        )
    elif capacity < academy.min_capacity:
        problems.append(
            Problem(
                "capacity",
                _("A class of %(capacity)d is smaller than the usual minimum of %(min)d at %(academy)s.")
                % {"capacity": capacity, "academy": academy, "min": academy.min_capacity},
                is_warning=True,
            )
        )
    return problems


def _largest_classroom(academy: Academy) -> int | None:
    return academy.venues.filter(kind=Venue.Kind.ROOM).aggregate(largest=Max("capacity"))["largest"]


def check_module(*, course: Course, days: int, first_day: datetime.date | None) -> list[Problem]:
    problems: list[Problem] = []
    if not 2 <= days <= 6:
        problems.append(Problem("days", _("A module takes 2 to 6 days, not %(days)d.") % {"days": days}))
        return problems
    if first_day is None:
        return problems
    if not course.start <= first_day <= course.end:
        problems.append(
            Problem(
                "first_day",
                _("%(day)s is outside the course (%(start)s to %(end)s).")
                % {"day": _day(first_day), "start": _day(course.start), "end": _day(course.end)},
            )
        )
    elif first_day.weekday() == course.day_off:
        problems.append(
            Problem(
                "first_day",
                _("A module cannot begin on %(day)s: it is the course's day off (%(weekday)s).")
                % {"day": _day(first_day), "weekday": _weekday(course.day_off)},
            )
        )
    else:
        available = [d for d in course.course_days() if d >= first_day]
        if len(available) < days:
            problems.append(
                Problem(
                    "days",
                    _("The module needs %(days)d course days from %(day)s, but the course has only %(left)d left.")
                    % {"days": days, "day": _day(first_day), "left": len(available)},
                )
            )
    return problems


def check_session(
    *,
    course: Course,
    date: datetime.date,
    part_of_day: int,
    format: str,
    class_hours,
    lecturers: Iterable[Lecturer],
    venue: Venue | None,
    module: CourseModule | None,
    session: Session | None = None,
) -> list[Problem]:
    """Check one session placed at (date, part_of_day) against every rule, across all courses."""
    problems: list[Problem] = []
    when = {"day": _day(date), "part": str(PartOfDay(part_of_day).label).lower()}

    if not course.start <= date <= course.end:
        problems.append(
            Problem(
                "date",
                _("%(day)s is outside the course (%(start)s to %(end)s).")
                % {"day": _day(date), "start": _day(course.start), "end": _day(course.end)},
            )
        )
    elif date.weekday() == course.day_off:
        problems.append(
            Problem(
                "date",
                _("%(day)s is the course's day off (%(weekday)s); no session may be placed on it.")
                % {"day": _day(date), "weekday": _weekday(course.day_off)},
            )
        )

    if module is not None:
        module_dates = module.dates()
        if module.course_id != course.pk:
            problems.append(
                Problem(
                    "module",
                    _("The module “%(module)s” belongs to another course, “%(course)s”.")
                    % {"module": module, "course": module.course},
                )
            )
        elif not module_dates:
            problems.append(
                Problem(
                    "module", _("The module “%(module)s” has no days yet; give it a first day.") % {"module": module}
                )
            )
        elif date not in module_dates:
            problems.append(
                Problem(
                    "date",
                    _("%(day)s is not one of the days of the module “%(module)s” (%(first)s to %(last)s).")
                    % {
                        "day": _day(date),
                        "module": module,
                        "first": _day(module_dates[0]),
                        "last": _day(module_dates[-1]),
                    },
                )
            )

    if format in UNCREDITED_FORMATS and class_hours and class_hours > 0:
        problems.append(
            Problem(
                "class_hours",
                _("A %(format)s credits no class hours.") % {"format": SessionFormat(format).label.lower()},
            )
        )
    allowed_parts = FORMAT_PARTS[format]
    if part_of_day not in allowed_parts:
        problems.append(
            Problem(
                "part_of_day",
                _("A %(format)s takes place only in the %(parts)s.")
                % {
                    "format": str(SessionFormat(format).label).lower(),
                    "parts": _either([str(PartOfDay(part).label).lower() for part in allowed_parts]),
                },
            )
        )
    if format == SessionFormat.SITE_VISIT and venue is None:
        problems.append(Problem("venue", _("A site visit needs the venue it visits.")))

    same_slot = Session.objects.filter(course=course, date=date, part_of_day=part_of_day)
    if session is not None and session.pk:
        same_slot = same_slot.exclude(pk=session.pk)
    clash = same_slot.first()
    if clash is not None:
        problems.append(
            Problem(
                "part_of_day",
                _("The class already has “%(session)s” on %(day)s, %(part)s.") % {"session": clash, **when},
            )
        )

    lecturers = list(lecturers)
    if lecturers:
        busy = SessionLecturer.objects.filter(
            lecturer__in=lecturers, date=date, part_of_day=part_of_day
        ).select_related("session__course", "lecturer")
        if session is not None and session.pk:
            busy = busy.exclude(session=session)
        for slot in busy:
            problems.append(
                Problem(
                    "lecturers",
                    _("%(lecturer)s already teaches “%(session)s” (%(course)s) on %(day)s, %(part)s.")
                    % {"lecturer": slot.lecturer, "session": slot.session, "course": slot.session.course, **when},
                )
            )
        windows: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
        for lecturer in lecturers:
            windows[lecturer.pk] = [(w.start, w.end) for w in lecturer.availability.all()]
        for lecturer in lecturers:
            if not any(start <= date <= end for start, end in windows[lecturer.pk]):
                problems.append(
                    Problem(
                        "lecturers",
                        _("%(lecturer)s is not available on %(day)s.") % {"lecturer": lecturer, "day": _day(date)},
                    )
                )

    if venue is not None:
        taken = Session.objects.filter(venue=venue, date=date, part_of_day=part_of_day).select_related("course")
        if session is not None and session.pk:
            taken = taken.exclude(pk=session.pk)
        for other in taken:
            problems.append(
                Problem(
                    "venue",
                    _("%(venue)s already hosts “%(session)s” (%(course)s) on %(day)s, %(part)s.")
                    % {"venue": venue, "session": other, "course": other.course, **when},
                )
            )
        if not venue.is_open_on(date.weekday()):
            problems.append(
                Problem(
                    "venue",
                    _("%(venue)s is closed on %(weekday)s.") % {"venue": venue, "weekday": _weekday(date.weekday())},
                )
            )
        if not venue.is_within_reach_of(course.academy):
            if venue.academy_id:
                message = _("%(venue)s belongs to another academy; choose a venue of %(academy)s or near it.")
            else:
                message = _("%(venue)s is in %(city)s, out of reach of %(academy)s; choose a venue near the academy.")
            problems.append(
                Problem("venue", message % {"venue": venue, "city": venue.city or "—", "academy": course.academy})
            )
        if venue.capacity < course.capacity:
            problems.append(
                Problem(
                    "venue",
                    _("%(venue)s holds %(venue_capacity)d people, but the course has %(capacity)d seats.")
                    % {"venue": venue, "venue_capacity": venue.capacity, "capacity": course.capacity},
                )
            )
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_warning]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_warning]
