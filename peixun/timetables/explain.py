"""The engine's answer, said in the reader's language.

The engine explains itself in English, with stable codes and every value behind each sentence
(``params``, with the ids of the lecturers, venues, courses, modules and sessions involved). Here the
same sentences are said again through gettext, naming things as the reader's language names them.
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.academies.models import WEEKDAY_NAMES, Venue
from peixun.core.i18n import is_chinese
from peixun.courses.models import Course, CourseModule, Session
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.people.models import Lecturer

from .models import TimetableProposal


class Names:
    """Looks up the reader's name of whatever an engine id points at ("l12", "v3", "s40"...)."""

    MODELS = {"c": Course, "m": CourseModule, "s": Session, "l": Lecturer, "v": Venue}

    def __init__(self, outcome: dict):
        wanted: dict[str, set[int]] = {prefix: set() for prefix in self.MODELS}
        for key in _ids_in(outcome):
            if key[:1] in wanted and key[1:].isdigit():
                wanted[key[:1]].add(int(key[1:]))
        self.objects = {
            f"{prefix}{obj.pk}": obj
            for prefix, model in self.MODELS.items()
            if wanted[prefix]
            for obj in model._default_manager.filter(pk__in=wanted[prefix])
        }

    def __call__(self, key: str | None, fallback: str = "") -> str:
        obj = self.objects.get(key or "")
        return str(obj) if obj is not None else fallback


def _ids_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_id") or key == "subject":
                if isinstance(item, str):
                    yield item
            elif key == "session_ids":
                yield from (i for i in item if isinstance(i, str))
            else:
                yield from _ids_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids_in(item)


def _day(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def _part(part: int) -> str:
    return str(PartOfDay(part).label).lower()


def _slots(pairs, limit: int = 4) -> str:
    said = [f"{_day(d)} {_part(p)}" for d, p in pairs[:limit]]
    if len(pairs) > limit:
        said.append(ngettext("and %(n)d more", "and %(n)d more", len(pairs) - limit) % {"n": len(pairs) - limit})
    return _(", ").join(said)


def _weekdays(days) -> str:
    return _(", ").join(str(WEEKDAY_NAMES[d]) for d in days)


def requirement_text(requirement: dict, names: Names) -> str:
    """One hard requirement, as a sentence."""
    kind, p = requirement["kind"], requirement.get("params", {})
    course = names(p.get("course_id"), p.get("course", ""))
    if kind == "calendar":
        text = _("The sessions of %(course)s fall on its course days, %(start)s to %(end)s") % {
            "course": course,
            "start": _day(p["start"]),
            "end": _day(p["end"]),
        }
        if p.get("day_off") is not None:
            text += _(", except %(weekday)s") % {"weekday": WEEKDAY_NAMES[p["day_off"]]}
        text += _(".")
        if p.get("not_before"):
            day, part = p["not_before"]
            text += " " + _("Sessions still to place take no slot before %(day)s, %(part)s.") % {
                "day": _day(day),
                "part": _part(part),
            }
        return text
    if kind == "parts":
        return _("Every %(format)s of %(course)s takes place only in the %(parts)s.") % {
            "format": str(SessionFormat(p["format"]).label).lower(),
            "course": course,
            "parts": _(", ").join(_part(x) for x in p["parts"]),
        }
    if kind == "availability":
        windows = _(", ").join(f"{_day(a)} – {_day(b)}" for a, b in p.get("windows", []))
        return _("%(lecturer)s can teach only %(windows)s.") % {
            "lecturer": names(p.get("lecturer_id"), p.get("lecturer", "")),
            "windows": windows or _("on no day at all"),
        }
    if kind == "lecturer_busy":
        return _("%(lecturer)s already teaches elsewhere on %(slots)s.") % {
            "lecturer": names(p.get("lecturer_id"), p.get("lecturer", "")),
            "slots": _slots(p.get("busy", [])),
        }
    if kind == "venue_open":
        days = p.get("open_weekdays", [])
        venue = names(p.get("venue_id"), p.get("venue", ""))
        if not days:
            return _("%(venue)s is never open.") % {"venue": venue}
        return _("%(venue)s is open only on %(weekdays)s.") % {"venue": venue, "weekdays": _weekdays(days)}
    if kind == "venue_busy":
        return _("%(venue)s is already booked on %(slots)s.") % {
            "venue": names(p.get("venue_id"), p.get("venue", "")),
            "slots": _slots(p.get("busy", [])),
        }
    if kind == "venue_capacity":
        return _("%(venue)s holds %(venue_capacity)d people; the class of %(course)s has %(capacity)d.") % {
            "venue": names(p.get("venue_id"), p.get("venue", "")),
            "venue_capacity": p["venue_capacity"],
            "course": course,
            "capacity": p["capacity"],
        }
    if kind == "pinned":
        return _("“%(session)s” is pinned to %(day)s, %(part)s.") % {
            "session": names(p.get("session_id"), p.get("session", "")),
            "day": _day(p["date"]),
            "part": _part(p["part"]),
        }
    if kind == "held":
        return _("“%(session)s” was already held on %(day)s, %(part)s: it stays there.") % {
            "session": names(p.get("session_id"), p.get("session", "")),
            "day": _day(p["date"]),
            "part": _part(p["part"]),
        }
    if kind == "module_days":
        return _(
            "Module “%(module)s” of %(course)s takes %(days)d consecutive course days, and its sessions fall on them."
        ) % {
            "module": names(p.get("module_id"), p.get("module", "")),
            "course": course,
            "days": p["days"],
        }
    if kind == "module_first_day" and p.get("begun"):
        return _("Module “%(module)s” of %(course)s began on %(day)s: it keeps that first day.") % {
            "module": names(p.get("module_id"), p.get("module", "")),
            "course": course,
            "day": _day(p["first_day"]),
        }
    if kind == "module_first_day":
        return _("Module “%(module)s” of %(course)s starts on %(day)s.") % {
            "module": names(p.get("module_id"), p.get("module", "")),
            "course": course,
            "day": _day(p["first_day"]) if p.get("first_day") else "—",
        }
    if kind == "module_order":
        return _("The modules of %(course)s follow the order of the course.") % {"course": course}
    return requirement.get("message", kind)


def goal_text(goal: dict, names: Names) -> str:
    """One soft goal the timetable misses, as a sentence."""
    code, p = goal["code"], goal.get("params", {})
    sessions = [names(key) for key in goal.get("session_ids", [])]
    lecturer = names(p.get("lecturer_id"), p.get("lecturer", ""))
    if code == "lecturer_days":
        return _("%(lecturer)s teaches on %(days)d days; %(min_days)d would do.") % {
            "lecturer": lecturer,
            "days": p["days"],
            "min_days": p["min_days"],
        }
    if code == "lecturer_trips":
        return _("%(lecturer)s comes on %(trips)d separate stretches of days instead of one.") % {
            "lecturer": lecturer,
            "trips": p["trips"],
        }
    if code == "module_order":
        return _("In module “%(module)s”, “%(session)s” comes before the lecture “%(lecture)s”.") % {
            "module": names(p.get("module_id"), p.get("module", "")),
            "session": sessions[0] if sessions else p.get("session", ""),
            "lecture": names(p.get("lecture_id"), p.get("lecture", "")),
        }
    if code == "daily_hours":
        return _("%(day)s has %(hours)s class hours, more than the limit of %(limit)s.") % {
            "day": _day(p["date"]),
            "hours": f"{p['hours']:g}",
            "limit": f"{p['limit']:g}",
        }
    if code == "dinner_spread":
        return _(
            "The dinners “%(first)s” and “%(second)s” are %(apart)d course days apart; "
            "an even spread puts %(spacing)d between them."
        ) % {
            "first": sessions[0] if sessions else p.get("first", ""),
            "second": sessions[1] if len(sessions) > 1 else p.get("second", ""),
            "apart": p["apart"],
            "spacing": p["spacing"],
        }
    if code == "preferred_weekday":
        return _("“%(session)s” falls on a day %(lecturer)s does not prefer.") % {
            "session": sessions[0] if sessions else p.get("session", ""),
            "lecturer": lecturer,
        }
    if code == "preferred_slot":
        return _("“%(session)s” moves from where it was placed.") % {
            "session": sessions[0] if sessions else p.get("session", ""),
        }
    if code == "spread":
        return _("The sessions of “%(group)s” fall on %(days)d days; they should spread over %(spread_days)d.") % {
            "group": p.get("group", ""),
            "days": p["days"],
            "spread_days": p["spread_days"],
        }
    if code == "compactness":
        return _("“%(session)s” on %(day)s has no other session next to it that day.") % {
            "session": sessions[0] if sessions else p.get("session", ""),
            "day": _day(p["date"]),
        }
    if code == "venue_stability":
        return _("The sessions of “%(group)s” use %(count)d venues instead of one: %(venues)s.") % {
            "group": p.get("group", ""),
            "count": p["count"],
            "venues": ", ".join(
                names(vid, name) for vid, name in zip(p.get("venue_ids", []), p.get("venues", []), strict=False)
            ),
        }
    if code == "venue_capacity":
        return _("“%(session)s” is in %(venue)s, which has %(short)d seats too few for the class.") % {
            "session": sessions[0] if sessions else p.get("session", ""),
            "venue": names(p.get("venue_id"), p.get("venue", "")),
            "short": p["short"],
        }
    return goal.get("message", code)


def describe_outcome(proposal: TimetableProposal) -> dict:
    outcome = proposal.outcome or {}
    names = Names(outcome)
    status = outcome.get("status")
    if status == "optimal":
        summary = _("The best timetable there is: the solver proved no better one exists.")
    elif status == "feasible":
        gap = outcome.get("gap")
        summary = (
            _("A good timetable, within %(gap)s %% of the best possible.") % {"gap": f"{gap * 100:.1f}"}
            if gap is not None
            else _("A timetable that keeps every rule; the solver ran out of time before proving how good it is.")
        )
    elif status == "infeasible" and any(c.get("code") == "history_conflict" for c in outcome.get("explanation", [])):
        summary = _(
            "Sessions already held and modules already begun stay as they are, and around them no timetable can "
            "keep every rule. These requirements cannot all hold at once:"
        )
    elif status == "infeasible" and {c.get("code") for c in outcome.get("explanation", [])} == {"whole_problem"}:
        summary = _(
            "No timetable can keep every rule of these courses together: the solver proved it for the whole "
            "problem, but found no smaller set of requirements to blame in the time it had. Build again with more "
            "time to learn which requirements conflict."
        )
    elif status == "infeasible":
        summary = _("No timetable can keep every rule. These requirements cannot all hold at once:")
    else:
        summary = _(
            "No timetable was found within %(seconds)s seconds, and none was proven impossible: one may still "
            "exist. Build again with more time, or loosen a requirement."
        ) % {"seconds": f"{outcome.get('wall_s', 0):.0f}"}
    conflicts = [
        {
            "english": conflict.get("message", ""),
            "requirements": [requirement_text(r, names) for r in conflict.get("requirements", [])],
            "minimal": conflict.get("minimal", True),
        }
        for conflict in outcome.get("explanation", [])
    ]
    return {
        "status": status,
        "summary": summary,
        "objective": outcome.get("objective"),
        "wall_s": outcome.get("wall_s"),
        "conflicts": conflicts,
        "show_english": not is_chinese(),
        "unmet": [goal_text(goal, names) for goal in outcome.get("unmet_soft_goals", [])],
    }
