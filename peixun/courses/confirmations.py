"""What the confirmation pages of a course's destructive actions say (``peixun.core.confirm``):
declining a nomination, withdrawing an official, removing a session."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.core import clock
from peixun.core.confirm import Confirmation
from peixun.core.i18n import choice_label
from peixun.curriculum.enums import PartOfDay

from .enums import CourseStatus, EnrolmentStatus
from .held import held_reason
from .models import Enrolment, Session
from .services import waitlist


def _enrolment_facts(enrolment: Enrolment) -> list[tuple[str, str]]:
    return [
        (_("Official"), str(enrolment.official)),
        (_("Sending unit"), str(enrolment.unit)),
        (_("Course"), str(enrolment.course)),
        (_("Status"), enrolment.get_status_display()),
    ]


def _told(enrolment: Enrolment) -> str:
    return _(
        "%(official)s and the contact of %(unit)s are told, with your reason, on their start page and by e-mail."
    ) % {"official": enrolment.official, "unit": enrolment.unit}


def _renominate(enrolment: Enrolment) -> str:
    if enrolment.course.status == CourseStatus.OPEN:
        return _(
            "Not as such: %(unit)s can nominate %(official)s again while nominations are open, and the "
            "nomination then waits for confirmation like any other."
        ) % {"unit": enrolment.unit, "official": enrolment.official}
    return _(
        "Not as such: nominations for this course are closed, so %(official)s can only be nominated again if "
        "they reopen."
    ) % {"official": enrolment.official}


def decline(enrolment: Enrolment) -> Confirmation:
    official, unit = enrolment.official, enrolment.unit
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        what = _("%(official)s leaves the waitlist of “%(course)s”.")
    else:
        what = _("The nomination of %(official)s to “%(course)s” is declined.")
    return Confirmation(
        title=_("Decline the nomination of %(official)s?") % {"official": official},
        button=_("Decline the nomination"),
        cancel_url=reverse("courses:roster", args=[enrolment.course_id]),
        facts=_enrolment_facts(enrolment),
        consequences=[
            what % {"official": official, "course": enrolment.course},
            _("The place in the quota of %(unit)s becomes free for another of its officials.") % {"unit": unit},
            _told(enrolment),
        ],
        undo=_renominate(enrolment),
    )


def withdraw(enrolment: Enrolment) -> Confirmation:
    official, course = enrolment.official, enrolment.course
    consequences = [_("%(official)s is withdrawn from “%(course)s”.") % {"official": official, "course": course}]
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        first = waitlist(course).select_related("official").first()
        if first is not None:
            consequences.append(
                _("The seat goes at once to the first on the waitlist, %(next)s, who is told.")
                % {"next": first.official}
            )
        else:
            consequences.append(_("The seat becomes free; nobody is on the waitlist to take it."))
    elif enrolment.status == EnrolmentStatus.WAITLISTED:
        consequences.append(_("%(official)s leaves the waitlist.") % {"official": official})
    consequences.append(_told(enrolment))
    undo = _renominate(enrolment)
    if enrolment.status == EnrolmentStatus.CONFIRMED:
        undo = " ".join([undo, _("The seat is not kept for them.")])
    return Confirmation(
        title=_("Withdraw %(official)s from the course?") % {"official": official},
        button=_("Withdraw the official"),
        cancel_url=reverse("courses:roster", args=[course.pk]),
        facts=_enrolment_facts(enrolment),
        consequences=consequences,
        undo=undo,
    )


def remove_session(session: Session, *, officials: int) -> Confirmation:
    lecturers = [str(lecturer) for lecturer in session.lecturers.all()]
    facts = [
        (_("Session"), session.title),
        (_("When"), f"{clock.day(session.date)} · {choice_label(PartOfDay, session.part_of_day)}"),
        (_("Lecturers"), ", ".join(lecturers) or "—"),
        (_("Venue"), str(session.venue) if session.venue_id else "—"),
    ]
    if (held := held_reason(session)) is not None:
        consequences = [
            _("This session cannot be removed: %(reason)s. It stays in the timetable.") % {"reason": held.label}
        ]
    else:
        consequences = [_("The session is taken out of the timetable of “%(course)s”.") % {"course": session.course}]
        told = list(lecturers)
        if officials:
            told.append(
                ngettext("%(count)d confirmed official", "%(count)d confirmed officials", officials)
                % {"count": officials}
            )
        if told:
            consequences.append(
                _("Told that it is cancelled, with your reason: %(people)s.") % {"people": ", ".join(told)}
            )
        else:
            consequences.append(_("Nobody is told: it has no lecturers and nobody is confirmed yet."))
    return Confirmation(
        title=_("Remove “%(session)s” from the timetable?") % {"session": session.title},
        button=_("Remove the session"),
        cancel_url=reverse("courses:session_edit", args=[session.course_id, session.pk]),
        facts=facts,
        consequences=consequences,
        undo=_(
            "No: to have it back, add the session again. What it was stays in the course's history, with your reason."
        ),
    )
