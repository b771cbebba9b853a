"""Attendance pages: the course's sessions with their counts, the roll call, the classroom check-in
screen and an official's own check-in from their phone."""

from __future__ import annotations

import dataclasses
import re
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.core import clock
from peixun.core.permissions import get_scoped
from peixun.core.ratelimit import rate_limited
from peixun.courses.models import Course, Session
from peixun.courses.selectors import course_for, seats

from . import selectors, services, windows
from .enums import CREDITED_STATUSES, AttendanceStatus
from .models import Attendance
from .selectors import MARK_ORDER

STATUS_FIELD = re.compile(r"status-(\d+)")


def _course(request, pk: int, permission: str) -> Course:
    return course_for(request.user, pk, permission)


def _session(course: Course, session_pk: int) -> Session:
    return get_scoped(course.sessions.all(), _("This session belongs to another course."), pk=session_pk)


def _course_context(course: Course, **extra) -> dict:
    return {"course": course, "tab": "attendance", "seats": seats(course), **extra}


def _marks_choices() -> list[tuple[str, str]]:
    return [(status.value, status.label) for status in MARK_ORDER]


def _academy_today(course: Course):
    """Today at the course's academy: sessions are dated by its clock."""
    return timezone.localdate(timezone=course.academy.zone)


@login_required
def course_attendance(request, pk: int):
    course = _course(request, pk, "attendance.view_attendance")
    today = _academy_today(course)
    sessions = list(selectors.sessions_with_counts(course))
    for session in sessions:
        session.n_unmarked = max(0, course.confirmed_count - session.n_marked)
        session.is_today = session.date == today
    can_roll_call = request.user.has_perm("attendance.take_roll_call", course)
    can_screen = request.user.has_perm("attendance.show_checkin_screen", course)
    context = _course_context(
        course,
        sessions=sessions,
        can_roll_call=can_roll_call,
        can_screen=can_screen,
        opens_before=settings.PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE,
    )
    return render(request, "attendance/course_attendance.html", context)


def _posted_marks(post) -> dict[int, services.Mark]:
    """The marks in a roll-call form, by enrolment id; an official left unmarked is left out."""
    marks = {}
    for key, status in post.items():
        match = STATUS_FIELD.fullmatch(key)
        if match and status:
            enrolment_id = int(match[1])
            reason = "" if status == AttendanceStatus.PRESENT else post.get(f"reason-{enrolment_id}", "")
            marks[enrolment_id] = services.Mark(status, reason)
    return marks


def _as_posted(row: selectors.RollCallRow, mark: services.Mark | None) -> selectors.RollCallRow:
    """A row showing what the coordinator marked, so a refused roll call is corrected rather than redone."""
    if mark is None or mark.status not in AttendanceStatus.values:
        return row
    return dataclasses.replace(row, status=mark.status, reason=mark.reason)


def _counts(rows) -> dict[str, int]:
    counts = {status: 0 for status in AttendanceStatus.values} | {"unmarked": 0}
    for row in rows:
        counts[row.status or "unmarked"] += 1
    return counts


@login_required
def roll_call(request, pk: int, session_pk: int):
    course = _course(request, pk, "attendance.take_roll_call")
    session = _session(course, session_pk)
    rows = selectors.roll_call_sheet(session)
    errors, missing_reason = [], set()
    if request.method == "POST":
        if request.POST.get("all_present"):
            marks = {row.enrolment_id: services.Mark(AttendanceStatus.PRESENT) for row in rows}
        else:
            marks = _posted_marks(request.POST)
        try:
            changed = services.record_roll_call(actor=request.user, session=session, marks=marks)
        except ValidationError as error:
            errors = error.messages
            missing_reason = {
                enrolment_id
                for enrolment_id, mark in marks.items()
                if mark.status == AttendanceStatus.EXCUSED and not mark.reason.strip()
            }
            rows = [_as_posted(row, marks.get(row.enrolment_id)) for row in rows]
        else:
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "The roll call is saved: %(n)s mark changed.",
                        "The roll call is saved: %(n)s marks changed.",
                        changed,
                    )
                    % {"n": changed},
                )
            else:
                messages.info(request, _("Nothing changed: the marks were already recorded."))
            return redirect("attendance:roll_call", pk=course.pk, session_pk=session.pk)
    context = _course_context(
        course,
        session=session,
        rows=rows,
        errors=errors,
        missing_reason=missing_reason,
        marks=_marks_choices(),
        counts=_counts(rows),
        can_screen=request.user.has_perm("attendance.show_checkin_screen", course),
        is_today=session.date == _academy_today(course),
        ended=windows.has_ended(session, timezone.now()),
        ends_at=clock.when(session.ends_at),
    )
    return render(request, "attendance/roll_call.html", context)


def _checkin_code(request, session: Session) -> dict:
    """The code the classroom screen shows now, as an absolute link, and how long it stays current."""
    now = time.time()
    period = settings.PEIXUN_CHECKIN_PERIOD
    token = services.checkin_token(session, at=now)
    url = request.build_absolute_uri(reverse("attendance:checkin", args=[token]))
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, dark="#000", light="#fff", svgclass="qr", title=_("Check-in code")
    )
    return {"url": url, "svg": svg, "period": period, "expires_in": round(period - now % period, 1)}


def _checked_in_text(checked_in: int, expected: int) -> str:
    return _("%(n)s of %(total)s checked in") % {"n": checked_in, "total": expected}


#: The classroom screen reloads itself when check-in opens or closes, if that is within this many seconds.
RELOAD_WITHIN = 12 * 60 * 60


@login_required
def checkin_screen(request, pk: int, session_pk: int):
    """The code to scan while check-in is open; before, when it opens; after, that it closed."""
    course = _course(request, pk, "attendance.show_checkin_screen")
    session = _session(course, session_pk)
    window = windows.checkin_window(session)
    now = timezone.now()
    checked_in = selectors.checked_in_count(session)
    change_in = window.seconds_until_change(now)
    context = _course_context(
        course,
        session=session,
        is_open=window.is_open(now),
        has_closed=window.has_closed(now),
        opens_at=clock.when(window.opens),
        closes_at=clock.when(window.closes),
        opens_before=settings.PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE,
        reload_in=round(change_in + 1) if change_in is not None and change_in < RELOAD_WITHIN else None,
        code=_checkin_code(request, session) if window.is_open(now) else None,
        checked_in=checked_in,
        count_text=_checked_in_text(checked_in, course.confirmed_count),
    )
    return render(request, "attendance/checkin_screen.html", context)


@login_required
def checkin_code(request, pk: int, session_pk: int):
    """The classroom screen's current code and count, fetched by checkin.js as each code expires."""
    course = _course(request, pk, "attendance.show_checkin_screen")
    session = _session(course, session_pk)
    if not windows.checkin_window(session).is_open(timezone.now()):
        response = JsonResponse({"open": False})  # the screen reloads to say that check-in closed
        response["Cache-Control"] = "no-store"
        return response
    checked_in = selectors.checked_in_count(session)
    data = _checkin_code(request, session) | {
        "open": True,
        "checked_in": checked_in,
        "expected": course.confirmed_count,
        "count_text": _checked_in_text(checked_in, course.confirmed_count),
    }
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


def _own_credited_attendance(user, token: str) -> Attendance | None:
    """The user's attendance in the session of a genuine, current code, if it already credits them."""
    try:
        session_id = services.read_token(token)
    except services.CheckInRefused:
        return None
    return Attendance.objects.filter(session_id=session_id, official__user=user, status__in=CREDITED_STATUSES).first()


def _refused(request, token: str, refusal: services.CheckInRefused):
    """An official already checked in is shown their check-in again; anyone else reads why not."""
    attendance = _own_credited_attendance(request.user, token)
    if attendance is not None:
        messages.info(request, _("You are already checked in to this session."))
        return redirect("attendance:checked_in", session_pk=attendance.session_id)
    context = {"reason": str(refusal), "not_open": isinstance(refusal, services.CheckInNotOpen)}
    return render(request, "attendance/checkin_refused.html", context, status=403)


def _scanned_at(request, token: str) -> float | None:
    """When this browser first opened a still-valid code, if within the grace for logging in.

    A code lives 30-60 seconds; an official who must log in first would often come back to an
    expired one. The first sighting, while the code was valid, is remembered in their session and
    honoured for PEIXUN_CHECKIN_LOGIN_GRACE seconds. A code first opened after it expired (a photo
    sent to a colleague) has no such sighting.
    """
    seen = request.session.get("checkin_seen", {}).get(token)
    if seen is not None and time.time() - seen <= settings.PEIXUN_CHECKIN_LOGIN_GRACE:
        return seen
    try:
        services.read_token(token)
    except services.CheckInRefused:
        return None
    request.session["checkin_seen"] = {token: time.time()}
    return None


@rate_limited("checkin_address", "checkin_user")
def checkin(request, token: str):
    """An official's phone, after scanning the classroom code: the session, then one button to check in."""
    at = _scanned_at(request, token)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            attendance = services.check_in(user=request.user, token=token, at=at)
        except services.CheckInRefused as refusal:
            return _refused(request, token, refusal)
        request.session.pop("checkin_seen", None)
        return redirect("attendance:checked_in", session_pk=attendance.session_id)
    try:
        target = services.checkin_target(user=request.user, token=token, at=at)
    except services.CheckInRefused as refusal:
        return _refused(request, token, refusal)
    session = target.session
    context = {"session": session, "course": session.course, "ends_at": clock.when(session.ends_at)}
    return render(request, "attendance/checkin.html", context)


def _my_record_url() -> str:
    try:
        return reverse("records:my_record")
    except NoReverseMatch:
        return "/records/me/"


@login_required
def checked_in(request, session_pk: int):
    """The official's confirmation that they are checked in to a session."""
    attendance = (
        Attendance.objects.filter(session_id=session_pk, official__user=request.user, status__in=CREDITED_STATUSES)
        .select_related("session__course__academy")
        .first()
    )
    if attendance is None:
        raise PermissionDenied(_("You are not checked in to this session."))
    session = attendance.session
    context = {
        "attendance": attendance,
        "session": session,
        "course": session.course,
        "record_url": _my_record_url(),
        "ends_at": clock.when(session.ends_at),
    }
    return render(request, "attendance/checked_in.html", context)
