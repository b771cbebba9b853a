"""Why no timetable exists: direct checks first, then a minimal conflicting set found by the solver.

1. ``prechecks`` look for conflicts a count or a lookup proves on its own (a venue too small for the
   class, a pinned slot on the day off, a lecturer with fewer usable slots than sessions, modules
   longer than the course...). Each is sound: when one is reported, no timetable exists.
2. Otherwise ``solver_conflicts`` builds the timetable model with every requirement group of
   ``requirements.py`` behind an assumption literal, solves it under all assumptions, takes CP-SAT's
   ``sufficient_assumptions_for_infeasibility`` and shrinks it with a deletion filter (drop one group,
   re-solve; keep the group if the rest becomes feasible, else continue from the smaller core). The
   surviving groups are a minimal conflicting set, which ``diagnose`` turns into a Conflict. With that
   set relaxed it looks for a further, independent conflict, up to ``max_conflicts``.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from . import effort
from .calendar import candidate_slots, course_calendar
from .problem import PART_NAMES, PARTS, WEEKDAY_NAMES, Course, Index, Problem, Session, Slot
from .requirements import describe_windows, drop_rank, format_name, join, plural, requirement
from .result import Conflict

# -- per-slot requirement groups --------------------------------------------------------------------


def base_slots(course: Course) -> list[Slot]:
    return [Slot(d, p) for d in course.all_days() for p in PARTS]


def session_slots(course: Course, s: Session) -> list[Slot]:
    """The slots ``s`` may take when nothing but the structure is enforced: the course's, and where a
    held session was held (which may lie outside the course)."""
    slots = base_slots(course)
    if s.held and s.pinned not in slots:
        slots.append(s.pinned)
    return slots


def violated(idx: Index, course: Course, s: Session, slot: Slot) -> list[tuple]:
    """The per-slot requirement groups that forbid ``s`` from taking ``slot``. Where a held session
    was held, none; anywhere else, that it was held there, and the rules of a session still to place."""
    if s.held and slot == s.pinned:
        return []
    out: list[tuple] = [("held", s.id)] if s.held else []
    if slot.date.weekday() == course.day_off or ((s.pinned is None or s.held) and not course.is_to_come(slot)):
        out.append(("calendar", course.id))
    if slot.part not in s.allowed_parts:
        out.append(("parts", course.id, s.format))
    for lid in s.lecturer_ids:
        if not idx.lecturers[lid].is_available(slot.date):
            out.append(("availability", lid))
        if slot in idx.lecturer_busy[lid]:
            out.append(("lecturer_busy", lid))
    if s.venue_id is not None:
        venue = idx.venues[s.venue_id]
        if not venue.is_open(slot.date):
            out.append(("venue_open", venue.id))
        if slot in idx.venue_busy[venue.id]:
            out.append(("venue_busy", venue.id))
        if venue.capacity < course.capacity:
            out.append(("venue_capacity", venue.id, course.id))
    if s.pinned is not None and not s.held and slot != s.pinned:
        out.append(("pinned", s.id))
    return out


def restricted(idx: Index, s: Session, groups: set[tuple]) -> list[Slot]:
    """The slots ``s`` may take when only ``groups`` (and the structure) are enforced."""
    course = idx.course_of(s)
    return [slot for slot in session_slots(course, s) if not any(g in groups for g in violated(idx, course, s, slot))]


def _conflict(
    idx: Index, code: str, message: str, params: dict, keys, *, source: str, minimal: bool = True
) -> Conflict:
    keys = sorted(dict.fromkeys(keys), key=lambda k: (drop_rank(k), k))
    return Conflict(code, message, params, tuple(requirement(idx, k) for k in keys), minimal, source)


def _session_params(idx: Index, s: Session) -> dict:
    c = idx.course_of(s)
    return {"session_id": s.id, "session": s.title, "course_id": c.id, "course": c.title}


# -- prechecks --------------------------------------------------------------------------------------


def prechecks(problem: Problem, idx: Index) -> list[Conflict]:
    """Conflicts a direct count or lookup proves, cheapest and clearest first. Empty when none found."""
    found: list[Conflict] = []
    seen: set[tuple] = set()

    def add(conflict: Conflict) -> None:
        key = (conflict.code, tuple((r.kind, r.subject) for r in conflict.requirements))
        if key not in seen:
            seen.add(key)
            found.append(conflict)

    for course in problem.courses:
        for s in course.sessions:
            if s.venue_id is not None:
                venue = idx.venues[s.venue_id]
                if venue.capacity < course.capacity:
                    add(
                        _conflict(
                            idx,
                            "venue_too_small",
                            f"{venue.name} holds {venue.capacity} people, but {s.title} takes the whole class of "
                            f"{course.title}, {course.capacity} people.",
                            {
                                "venue_id": venue.id,
                                "venue": venue.name,
                                "venue_capacity": venue.capacity,
                                "capacity": course.capacity,
                                **_session_params(idx, s),
                            },
                            [("venue_capacity", venue.id, course.id)],
                            source="precheck",
                        )
                    )
    for conflict in _pinned_checks(problem, idx):
        add(conflict)
    for conflict in _module_checks(problem, idx):
        add(conflict)
    for conflict in _course_counts(problem, idx):
        add(conflict)
    if found:
        return found
    # Slot-level checks assume the simpler facts above hold.
    for conflict in _sessions_without_slot(problem, idx):
        add(conflict)
    for conflict in _lecturer_counts(problem, idx):
        add(conflict)
    for conflict in _venue_counts(problem, idx):
        add(conflict)
    return found


def pinned_problems(idx: Index, s: Session):
    """What keeps a pinned session from its slot, each as (code, message, params, requirement keys)."""
    course = idx.course_of(s)
    cal = course_calendar(course)
    p = s.pinned
    params = {**_session_params(idx, s), "date": p.date.isoformat(), "part": p.part}
    where = p.describe()
    if not course.start <= p.date <= course.end:
        yield (
            "pinned_outside_course",
            f"{s.title} is pinned to {where}, outside {course.title} ({course.start.isoformat()} to "
            f"{course.end.isoformat()}).",
            {**params, "start": course.start.isoformat(), "end": course.end.isoformat()},
            [("pinned", s.id)],
        )
        return
    if p.date.weekday() == course.day_off:
        yield (
            "pinned_on_day_off",
            f"{s.title} is pinned to {where}, a {WEEKDAY_NAMES[course.day_off]}: the day off of {course.title}.",
            {**params, "day_off": course.day_off},
            [("pinned", s.id), ("calendar", course.id)],
        )
    if p.part not in s.allowed_parts:
        yield (
            "pinned_part_not_allowed",
            f"{s.title} is pinned to the {PART_NAMES[p.part]}, but a {format_name(s.format, 1)} takes place "
            f"only in the {join([PART_NAMES[x] for x in s.allowed_parts])}.",
            {**params, "format": s.format, "allowed_parts": list(s.allowed_parts)},
            [("pinned", s.id), ("parts", course.id, s.format)],
        )
    for lid in s.lecturer_ids:
        lecturer = idx.lecturers[lid]
        lp = {**params, "lecturer_id": lid, "lecturer": lecturer.name}
        if not lecturer.is_available(p.date):
            yield (
                "pinned_lecturer_unavailable",
                f"{s.title} is pinned to {where}, but {lecturer.name} can teach only from "
                f"{describe_windows(lecturer.availability)}.",
                lp,
                [("pinned", s.id), ("availability", lid)],
            )
        if p in idx.lecturer_busy[lid]:
            yield (
                "pinned_lecturer_busy",
                f"{s.title} is pinned to {where}, when {lecturer.name} is already busy elsewhere.",
                lp,
                [("pinned", s.id), ("lecturer_busy", lid)],
            )
    if s.venue_id is not None:
        venue = idx.venues[s.venue_id]
        vp = {**params, "venue_id": venue.id, "venue": venue.name}
        if not venue.is_open(p.date):
            yield (
                "pinned_venue_closed",
                f"{s.title} is pinned to {where}, a {WEEKDAY_NAMES[p.date.weekday()]}, when {venue.name} is closed.",
                {**vp, "open_weekdays": sorted(venue.open_weekdays)},
                [("pinned", s.id), ("venue_open", venue.id)],
            )
        if p in idx.venue_busy[venue.id]:
            yield (
                "pinned_venue_busy",
                f"{s.title} is pinned to {where}, when {venue.name} is already booked.",
                vp,
                [("pinned", s.id), ("venue_busy", venue.id)],
            )
    if s.module_id is not None:
        module = idx.modules[s.module_id]
        if module.first_day is not None and module.first_day in cal.index:
            dates = cal.module_dates(module, cal.index[module.first_day])
            if len(dates) == module.days and p.date not in dates:
                yield (
                    "pinned_outside_module",
                    f"{s.title} is pinned to {where}, outside its module {module.title}, which runs from "
                    f"{dates[0].isoformat()} to {dates[-1].isoformat()}.",
                    {**params, "module_id": module.id, "module": module.title},
                    [("pinned", s.id), ("module_first_day", module.id), ("module_days", module.id)],
                )


def _pin(s: Session) -> tuple:
    """The requirement group that keeps ``s`` in its pinned slot."""
    return ("held", s.id) if s.held else ("pinned", s.id)


def _pinned_checks(problem: Problem, idx: Index):
    by_slot: dict[Slot, list[Session]] = defaultdict(list)
    for course in problem.courses:
        for s in course.sessions:
            if s.pinned is None:
                continue
            by_slot[s.pinned].append(s)
            if s.held:
                continue  # where it was held is a fact, whatever the rules say
            for code, message, params, keys in pinned_problems(idx, s):
                yield _conflict(idx, code, message, params, keys, source="precheck")
    for slot in sorted(by_slot):
        sessions = by_slot[slot]
        for a, b in itertools.combinations(sessions, 2):
            if a.held and b.held:
                continue
            shared = []
            if a.course_id == b.course_id:
                shared.append("class")
            shared += [f"lecturer:{lid}" for lid in a.lecturer_ids if lid in b.lecturer_ids]
            if a.venue_id is not None and a.venue_id == b.venue_id:
                shared.append(f"venue:{a.venue_id}")
            if not shared:
                continue
            who = []
            if "class" in shared:
                who.append(f"the class of {idx.course_of(a).title}")
            who += [idx.lecturers[x.split(":", 1)[1]].name for x in shared if x.startswith("lecturer:")]
            who += [idx.venues[x.split(":", 1)[1]].name for x in shared if x.startswith("venue:")]
            yield _conflict(
                idx,
                "pinned_clash",
                f"{a.title} and {b.title} are both pinned to {slot.describe()}, and {join(who)} cannot be in two "
                "places at once.",
                {
                    "session_ids": [a.id, b.id],
                    "sessions": [a.title, b.title],
                    "date": slot.date.isoformat(),
                    "part": slot.part,
                    "shared": shared,
                },
                [_pin(a), _pin(b)],
                source="precheck",
            )


def _module_checks(problem: Problem, idx: Index):
    for course in problem.courses:
        cal = course_calendar(course)
        cp = {"course_id": course.id, "course": course.title, "course_days": cal.n}
        for module in course.modules:
            mp = {**cp, "module_id": module.id, "module": module.title, "days": module.days}
            if module.days > cal.n:
                yield _conflict(
                    idx,
                    "module_does_not_fit",
                    f"Module {module.title} takes {module.days} course days, but {course.title} has only {cal.n}.",
                    mp,
                    [("module_days", module.id)],
                    source="precheck",
                )
                continue
            if module.first_day is None:
                continue
            day = module.first_day
            if not course.start <= day <= course.end:
                reason, text = "outside", f"outside the course ({course.start.isoformat()} to {course.end.isoformat()})"
                keys = [("module_first_day", module.id)]
            elif day.weekday() == course.day_off:
                reason, text = "day_off", f"the day off of {course.title}"
                keys = [("module_first_day", module.id), ("module_days", module.id)]
            elif cal.index[day] + module.days > cal.n:
                left = cal.n - cal.index[day]
                reason, text = "overruns", f"leaving only {plural(left, 'course day')} for its {module.days}"
                keys = [("module_first_day", module.id), ("module_days", module.id)]
            else:
                continue
            yield _conflict(
                idx,
                "module_first_day_invalid",
                f"Module {module.title} is set to start on {day.isoformat()}, {text}.",
                {**mp, "first_day": day.isoformat(), "reason": reason},
                keys,
                source="precheck",
            )
        total = sum(m.days for m in course.modules)
        if course.modules and total > cal.n and all(m.days <= cal.n for m in course.modules):
            chosen, running = [], 0
            for module in sorted(course.modules, key=lambda m: -m.days):
                chosen.append(module)
                running += module.days
                if running > cal.n:
                    break
            yield _conflict(
                idx,
                "modules_do_not_fit",
                f"The modules {join([m.title for m in chosen])} of {course.title} need {running} course days "
                f"between them, but the course has only {cal.n}.",
                {
                    **cp,
                    "module_ids": [m.id for m in chosen],
                    "modules": [m.title for m in chosen],
                    "days_needed": running,
                },
                [("module_days", m.id) for m in chosen],
                source="precheck",
            )


def _course_counts(problem: Problem, idx: Index):
    for course in problem.courses:
        cal = course_calendar(course)
        for size in (1, 2, 3):
            hit = None
            for parts in itertools.combinations(PARTS, size):
                # The slots still to come in these parts, less those held sessions keep; the sessions
                # that need one of them (a pinned one only if pinned to one).
                open_slots = {Slot(d, p) for d in cal.days for p in parts if course.is_to_come(Slot(d, p))}
                keeping = [s for s in course.sessions if s.held and s.pinned in open_slots]
                free = len(open_slots - {s.pinned for s in keeping})
                members = [
                    s
                    for s in course.sessions
                    if not s.held
                    and set(s.allowed_parts) <= set(parts)
                    and (s.pinned is None or s.pinned in open_slots)
                ]
                if len(members) > free:
                    hit = (parts, members, keeping, free, len({slot.date for slot in open_slots}))
                    break
            if hit is None:
                continue
            parts, members, keeping, free, days = hit
            formats = sorted({s.format for s in members})
            keys = [("calendar", course.id)]
            if size < 3:
                keys += [("parts", course.id, f) for f in formats]
            keys += [("held", s.id) for s in keeping]
            in_parts = "" if size == 3 else f" in the {join([PART_NAMES[p] for p in parts])}"
            if course.not_before is None and not keeping:
                said = f"but only {plural(free, 'slot')} on its {plural(days, 'course day')}."
            else:
                said = f"but only {plural(free, 'slot')} left on its {plural(days, 'course day')} still to come."
            yield _conflict(
                idx,
                "course_too_short",
                f"{course.title} has {plural(len(members), 'session')} to hold{in_parts}, {said}",
                {
                    "course_id": course.id,
                    "course": course.title,
                    "sessions": len(members),
                    "slots": free,
                    "course_days": days,
                    "parts": list(parts),
                    "not_before": None
                    if course.not_before is None
                    else [course.not_before.date.isoformat(), course.not_before.part],
                },
                keys,
                source="precheck",
            )
            break


def _minimal_groups(groups: list[tuple], still_conflicts) -> list[tuple]:
    """Deletion filter over a local test: drop each group whose removal keeps the conflict."""
    kept = sorted(dict.fromkeys(groups), key=lambda k: (drop_rank(k), k))
    i = 0
    while i < len(kept):
        trial = kept[:i] + kept[i + 1 :]
        if still_conflicts(set(trial)):
            kept = trial
        else:
            i += 1
    return kept


def _sessions_without_slot(problem: Problem, idx: Index):
    for course in problem.courses:
        for s in course.sessions:
            if s.pinned is not None:
                continue
            if candidate_slots(course_calendar(course), idx, s, module_window=False):
                continue
            every = {g for slot in base_slots(course) for g in violated(idx, course, s, slot)}
            if restricted(idx, s, every):
                continue
            keys = _minimal_groups(list(every), lambda groups, s=s: not restricted(idx, s, groups))
            kinds = {k[0] for k in keys} - {"calendar", "parts"}
            params = _session_params(idx, s)
            blamed = [k for k in keys if k[0] == "availability"]
            if kinds == {"availability"} and len(blamed) == 1:
                lecturer = idx.lecturers[blamed[0][1]]
                yield _conflict(
                    idx,
                    "lecturer_unavailable",
                    f"{lecturer.name} teaches {s.title}, but can teach only from "
                    f"{describe_windows(lecturer.availability)}: not on any course day of {course.title} "
                    f"({course.start.isoformat()} to {course.end.isoformat()}).",
                    {**params, "lecturer_id": lecturer.id, "lecturer": lecturer.name},
                    keys,
                    source="precheck",
                )
            elif kinds == {"venue_open"}:
                venue = idx.venues[s.venue_id]
                days = [WEEKDAY_NAMES[d] for d in sorted(venue.open_weekdays)]
                yield _conflict(
                    idx,
                    "venue_closed",
                    f"{s.title} at {venue.name} needs a day on which {venue.name} is open, but it is open only on "
                    f"{join(days) or 'no day at all'} and {course.title} has no such course day"
                    f"{' in the parts of the day it allows' if any(k[0] == 'parts' for k in keys) else ''}.",
                    {**params, "venue_id": venue.id, "venue": venue.name, "open_weekdays": sorted(venue.open_weekdays)},
                    keys,
                    source="precheck",
                )
            else:
                yield _conflict(
                    idx,
                    "session_has_no_slot",
                    f"No slot of {course.title} suits {s.title}: the requirements below leave it none.",
                    params,
                    keys,
                    source="precheck",
                )


def _count_conflict(sessions: list[Session], idx: Index, groups: set[tuple]) -> tuple[int, int]:
    """(usable slots, usable days) for sessions that must all take different slots."""
    union = {slot for s in sessions for slot in restricted(idx, s, groups)}
    return len(union), len({slot.date for slot in union})


def _roomy(sessions: list[Session], idx: Index, allowed) -> bool:
    """Whether the sessions have at least as many distinct usable slots (course days, allowed parts and
    ``allowed``) as there are sessions: then no counting conflict exists and the slow path is skipped."""
    union: set[Slot] = set()
    need = len(sessions)
    for s in sessions:
        course = idx.course_of(s)
        for day in course.course_days():
            for part in s.allowed_parts:
                slot = Slot(day, part)
                if slot not in union and allowed(s, slot):
                    union.add(slot)
                    if len(union) >= need:
                        return True
    return False


def _shortage(sessions, idx: Index, own: set) -> tuple[list, int, int] | None:
    """The fewest requirement groups, one of them ``own`` (a lecturer's or a venue's), that leave
    ``sessions`` fewer usable slots than they need, with those slots and days; ``None`` when the
    sessions fit, or when the shortage is a course's alone (the course counts report that)."""
    groups = set(own)
    for s in sessions:
        groups |= {("calendar", s.course_id), ("parts", s.course_id, s.format)}
    slots, _ = _count_conflict(sessions, idx, groups)
    if slots >= len(sessions):
        return None
    keys = _minimal_groups(list(groups), lambda g: _count_conflict(sessions, idx, g)[0] < len(sessions))
    if not own.intersection(keys):
        return None
    slots, days = _count_conflict(sessions, idx, set(keys))
    return keys, slots, days


def _lecturer_counts(problem: Problem, idx: Index):
    for lecturer in problem.lecturers:
        sessions = idx.sessions_of_lecturer[lecturer.id]
        if len(sessions) < 2:
            continue
        lid = lecturer.id
        if _roomy(
            sessions,
            idx,
            lambda s, slot, lecturer=lecturer: (
                lecturer.is_available(slot.date) and slot not in idx.lecturer_busy[lecturer.id]
            ),
        ):
            continue
        shortage = _shortage(sessions, idx, {("availability", lid), ("lecturer_busy", lid)})
        if shortage is None:
            continue
        keys, slots, days = shortage
        yield _conflict(
            idx,
            "lecturer_availability_too_short",
            f"{lecturer.name} can teach on {plural(days, 'course day')} ({plural(slots, 'usable slot')}), but has "
            f"{plural(len(sessions), 'session')} to teach.",
            {
                "lecturer_id": lid,
                "lecturer": lecturer.name,
                "sessions": len(sessions),
                "usable_slots": slots,
                "usable_days": days,
                "session_ids": [s.id for s in sessions],
            },
            keys,
            source="precheck",
        )


def _venue_counts(problem: Problem, idx: Index):
    for venue in problem.venues:
        sessions = idx.sessions_of_venue[venue.id]
        if len(sessions) < 2:
            continue
        vid = venue.id
        if _roomy(
            sessions,
            idx,
            lambda s, slot, venue=venue: venue.is_open(slot.date) and slot not in idx.venue_busy[venue.id],
        ):
            continue
        shortage = _shortage(sessions, idx, {("venue_open", vid), ("venue_busy", vid)})
        if shortage is None:
            continue
        keys, slots, days = shortage
        yield _conflict(
            idx,
            "venue_overbooked",
            f"{venue.name} is open on {plural(days, 'usable day')} ({plural(slots, 'slot')}) of its courses, but "
            f"{plural(len(sessions), 'session')} need it.",
            {
                "venue_id": vid,
                "venue": venue.name,
                "sessions": len(sessions),
                "usable_slots": slots,
                "usable_days": days,
                "session_ids": [s.id for s in sessions],
            },
            keys,
            source="precheck",
        )


# -- the assumption model ---------------------------------------------------------------------------


class ExplainModel:
    """The timetable's structure with every requirement group behind an assumption literal."""

    def __init__(self, problem: Problem, idx: Index, courses: list[Course], sessions: set[str] | None = None):
        """``sessions`` (ids) keeps only those sessions of the courses: a smaller model, still a relaxation."""
        self.idx = idx
        m = self.model = cp_model.CpModel()
        self.groups: dict[tuple, cp_model.IntVar] = {}
        forbidden: dict[tuple, list] = defaultdict(list)
        class_slot: dict = defaultdict(list)
        lecturer_slot: dict = defaultdict(list)
        venue_slot: dict = defaultdict(list)
        x: dict[str, list[tuple[Slot, cp_model.IntVar]]] = {}
        for course in courses:
            for s in course.sessions:
                if sessions is not None and s.id not in sessions:
                    continue
                pairs = [(slot, m.new_bool_var("")) for slot in session_slots(course, s)]
                x[s.id] = pairs
                m.add_exactly_one(v for _, v in pairs)
                for slot, v in pairs:
                    for g in violated(idx, course, s, slot):
                        forbidden[g].append(v)
                    where_held = s.held and slot == s.pinned
                    class_slot[(course.id, slot)].append((v, where_held))
                    for lid in s.lecturer_ids:
                        lecturer_slot[(lid, slot)].append((v, where_held))
                    if s.venue_id is not None:
                        venue_slot[(s.venue_id, slot)].append((v, where_held))
        for table in (class_slot, lecturer_slot, venue_slot):
            for group in table.values():
                # Sessions where they were held may share it with each other, with nothing else.
                others = [v for v, where_held in group if not where_held]
                held = [v for v, where_held in group if where_held]
                for v in held or [None]:
                    members = others + ([v] if v is not None else [])
                    if len(members) > 1:
                        m.add_at_most_one(members)
        for key, vs in forbidden.items():
            m.add(cp_model.LinearExpr.sum(vs) == 0).only_enforce_if(self.literal(key))
        for course in courses:
            self._modules(course, x)

    def literal(self, key: tuple) -> cp_model.IntVar:
        if key not in self.groups:
            self.groups[key] = self.model.new_bool_var("")
        return self.groups[key]

    def _modules(self, course: Course, x) -> None:
        m = self.model
        cal = course_calendar(course)
        covers: dict[int, list] = defaultdict(list)
        placed: dict[str, cp_model.IntVar] = {}
        starts_of: dict[str, dict[int, cp_model.IntVar]] = {}
        for module in course.modules:
            starts = {j: m.new_bool_var("") for j in range(0, cal.n - module.days + 1)}
            starts_of[module.id] = starts
            here = placed[module.id] = m.new_bool_var("")
            m.add(cp_model.LinearExpr.sum(list(starts.values())) == here)
            for j, v in starts.items():
                for i in range(j, j + module.days):
                    covers[i].append(v)
            days_lit = self.literal(("module_days", module.id))
            m.add_implication(days_lit, here)
            by_date: dict = defaultdict(list)
            for s in self.idx.sessions_of_module[module.id]:
                for slot, v in x.get(s.id, ()):
                    if not (s.held and slot == s.pinned):  # where it was held is not bound to the module
                        by_date[(s.id, slot.date)].append(v)
            for (_, day), xs in by_date.items():
                i = cal.position(day)
                window = [starts[j] for j in range(max(0, i - module.days + 1), i + 1) if j in starts]
                m.add(cp_model.LinearExpr.sum(xs) <= cp_model.LinearExpr.sum(window)).only_enforce_if(days_lit)
            if module.id in cal.held_days:
                # As in the calendar: the module's days stay around the sessions held on its course days.
                for s in self.idx.sessions_of_module[module.id]:
                    if s.held and s.pinned.date in cal.index and s.id in x:
                        i = cal.index[s.pinned.date]
                        window = [starts[j] for j in range(max(0, i - module.days + 1), i + 1) if j in starts]
                        m.add(cp_model.LinearExpr.sum(window) >= 1).only_enforce_if(self.literal(("held", s.id)))
            if module.first_day is not None:
                first_lit = self.literal(("module_first_day", module.id))
                j = cal.index.get(module.first_day)
                if j is None or j not in starts:
                    m.add_bool_or([first_lit.Not()])
                else:
                    m.add_implication(first_lit, starts[j])
        for group in covers.values():
            if len(group) > 1:
                m.add_at_most_one(group)
        if course.fixed_module_order and len(course.modules) > 1:
            order_lit = self.literal(("module_order", course.id))
            ordered = course.modules_in_order()
            for a, b in itertools.combinations(ordered, 2):
                sa, sb = starts_of[a.id], starts_of[b.id]
                start_a = cp_model.LinearExpr.weighted_sum(list(sa.values()), list(sa.keys()))
                start_b = cp_model.LinearExpr.weighted_sum(list(sb.values()), list(sb.keys()))
                m.add(start_b >= start_a + a.days).only_enforce_if([order_lit, placed[a.id], placed[b.id]])

    def check(self, keys: list[tuple], *, time_limit: float, seed: int, workers: int) -> tuple[str, list[tuple]]:
        """Solve with ``keys`` assumed: ("infeasible", core keys) or ("feasible"/"unknown", [])."""
        self.model.clear_assumptions()
        self.model.add_assumptions([self.groups[k] for k in keys])
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = max(0.05, time_limit)
        p.num_workers = workers
        p.random_seed = seed
        p.stop_after_first_solution = True
        code = solver.solve(self.model)
        effort.record(solver)
        if code == cp_model.INFEASIBLE:
            by_index = {self.groups[k].index: k for k in keys}
            raw = list(solver.sufficient_assumptions_for_infeasibility())
            # CP-SAT's presolve can name a literal that is not an assumption (or-tools issue 5141); such
            # a core is not trusted, and the whole assumption set stands in for it.
            if not raw or any(i not in by_index for i in raw):
                return "infeasible", list(keys)
            return "infeasible", [by_index[i] for i in raw]
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return "feasible", []
        return "unknown", []


def components(problem: Problem, idx: Index) -> list[list[Course]]:
    """Courses that share a lecturer or venue while their dates overlap, joined transitively."""
    parent = list(range(len(problem.courses)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    users: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, course in enumerate(problem.courses):
        for key in sorted(
            {("l", lid) for s in course.sessions for lid in s.lecturer_ids}
            | {("v", s.venue_id) for s in course.sessions if s.venue_id}
        ):
            users[key].append(i)
    for members in users.values():
        for a, b in itertools.combinations(members, 2):
            ca, cb = problem.courses[a], problem.courses[b]
            if ca.start <= cb.end and cb.start <= ca.end:
                parent[find(a)] = find(b)
    groups: dict[int, list[Course]] = defaultdict(list)
    for i, course in enumerate(problem.courses):
        groups[find(i)].append(course)
    return sorted(groups.values(), key=lambda cs: problem.courses.index(cs[0]))


def solver_conflicts(
    problem: Problem,
    idx: Index,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 1,
    max_conflicts: int = 3,
) -> list[Conflict]:
    """Minimal conflicting sets of requirement groups, found by CP-SAT with assumptions.

    The first conflict may take all of ``time_limit``; each further one (sought with the conflicts
    found so far relaxed) gets at most twice what the first took, so a second look never costs much.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    found: list[Conflict] = []
    first_took: float | None = None
    for courses in components(problem, idx):
        model = ExplainModel(problem, idx, courses)
        active = sorted(model.groups, key=lambda k: (drop_rank(k), k))
        while len(found) < max_conflicts:
            until = deadline
            if first_took is not None:
                until = min(deadline, time.perf_counter() + max(1.0, 2 * first_took))
            left = until - time.perf_counter()
            if left <= 0:
                break
            status, core = model.check(active, time_limit=left, seed=seed, workers=workers)
            if status != "infeasible":
                break
            keys, minimal = _deletion_filter(model, core, until, seed, workers)
            if first_took is not None and not minimal:
                break  # a further conflict that could not be narrowed down in time is left out
            found.append(diagnose(idx, courses, keys, minimal))
            if first_took is None:
                first_took = time.perf_counter() - started
            active = [k for k in active if k not in set(keys)]
            if not keys:
                break
        if len(found) >= max_conflicts:
            break
    return found


def _deletion_filter(model: ExplainModel, core: list[tuple], deadline: float, seed: int, workers: int):
    current = sorted(dict.fromkeys(core), key=lambda k: (drop_rank(k), k))
    minimal = True
    i = 0
    while i < len(current):
        left = deadline - time.perf_counter()
        if left <= 0:
            return current, False
        trial = current[:i] + current[i + 1 :]
        status, smaller = model.check(trial, time_limit=min(left, max(1.0, left / 4)), seed=seed, workers=workers)
        if status == "infeasible":
            keep = set(smaller)
            current = [k for k in trial if k in keep] or trial
        else:
            if status == "unknown":
                minimal = False
            i += 1
    return current, minimal


# -- diagnosis --------------------------------------------------------------------------------------


def diagnose(idx: Index, courses: list[Course], keys: list[tuple], minimal: bool = True) -> Conflict:
    """Name a conflicting set of requirement groups in plain language."""
    keyset = set(keys)
    kinds = {k[0] for k in keys}
    sessions = [s for c in courses for s in c.sessions]
    soft = {"calendar", "parts"}

    def done(code: str, message: str, params: dict) -> Conflict:
        return _conflict(idx, code, message, params, keys, source="solver", minimal=minimal)

    history = [k for k in keys if k[0] == "held" or (k[0] == "module_first_day" and idx.modules[k[1]].begun)]
    if history:
        held = [idx.sessions[k[1]] for k in history if k[0] == "held"]
        begun = [idx.modules[k[1]] for k in history if k[0] == "module_first_day"]
        said = [f"{s.title} was already held on {s.pinned.describe()}" for s in held]
        said += [f"module {m.title} began on {m.first_day.isoformat()}" for m in begun]
        rest = " ".join(
            requirement(idx, k).message for k in sorted(set(keys) - set(history), key=lambda k: (drop_rank(k), k))
        )
        return done(
            "history_conflict",
            f"What has already happened stays as it is ({join(said)}); with that, the rest of the timetable "
            "cannot keep every rule." + (f" {rest}" if rest else ""),
            {
                "session_ids": [s.id for s in held],
                "sessions": [s.title for s in held],
                "module_ids": [m.id for m in begun],
                "modules": [m.title for m in begun],
            },
        )
    if not keys:
        return done(
            "unexplained",
            "No timetable exists even with every named requirement relaxed: the sessions of these courses do not "
            "fit between their first and last days.",
            {"course_ids": [c.id for c in courses]},
        )
    lecturers = sorted({k[1] for k in keys if k[0] in ("availability", "lecturer_busy")})
    venues = sorted({k[1] for k in keys if k[0] in ("venue_open", "venue_busy")})
    if kinds <= soft | {"availability", "lecturer_busy"} and lecturers:
        mine = [s for s in sessions if set(s.lecturer_ids) & set(lecturers)]
        slots, days = _count_conflict(mine, idx, keyset)
        names = [idx.lecturers[lid].name for lid in lecturers]
        params = {
            "lecturer_ids": lecturers,
            "lecturers": names,
            "sessions": len(mine),
            "usable_slots": slots,
            "usable_days": days,
            "session_ids": [s.id for s in mine],
        }
        if len(lecturers) == 1:
            params = {"lecturer_id": lecturers[0], "lecturer": names[0], **params}
            if slots < len(mine):
                message = (
                    f"{names[0]} can teach on {plural(days, 'course day')} ({plural(slots, 'usable slot')}), but has "
                    f"{plural(len(mine), 'session')} to teach."
                )
            else:
                message = (
                    f"The {plural(len(mine), 'session')} of {names[0]} cannot all be placed in the "
                    f"{plural(slots, 'slot')} their availability leaves, next to the other sessions of their classes."
                )
            return done("lecturer_availability_too_short", message, params)
        return done(
            "lecturers_share_too_few_slots",
            f"{join(names)} can teach only on {plural(days, 'course day')} ({plural(slots, 'slot')}) together, "
            f"but the classes need {plural(len(mine), 'slot')} for their {plural(len(mine), 'session')}.",
            params,
        )
    if kinds <= soft | {"venue_open", "venue_busy"} and len(venues) == 1:
        venue = idx.venues[venues[0]]
        mine = [s for s in sessions if s.venue_id == venue.id]
        stuck = [s for s in mine if not restricted(idx, s, keyset)]
        slots, days = _count_conflict(mine, idx, keyset)
        params = {
            "venue_id": venue.id,
            "venue": venue.name,
            "open_weekdays": sorted(venue.open_weekdays),
            "sessions": len(mine),
            "usable_slots": slots,
            "usable_days": days,
            "session_ids": [s.id for s in mine],
        }
        if stuck:
            s = stuck[0]
            return done(
                "venue_closed",
                f"{s.title} at {venue.name} needs a day on which {venue.name} is open, and {venue.name} is closed "
                f"on every course day of {idx.course_of(s).title} it could use.",
                {**params, **_session_params(idx, s)},
            )
        return done(
            "venue_overbooked",
            f"{venue.name} is open on {plural(days, 'usable day')} ({plural(slots, 'slot')}), but "
            f"{plural(len(mine), 'session')} need it.",
            params,
        )
    if kinds == {"venue_capacity"}:
        key = keys[0]
        venue, course = idx.venues[key[1]], idx.courses[key[2]]
        return done(
            "venue_too_small",
            f"{venue.name} holds {venue.capacity} people, but the class of {course.title} has {course.capacity}.",
            {
                "venue_id": venue.id,
                "venue": venue.name,
                "venue_capacity": venue.capacity,
                "course_id": course.id,
                "course": course.title,
                "capacity": course.capacity,
            },
        )
    if kinds <= {"module_days", "module_order", "module_first_day", "calendar"} and kinds & {
        "module_days",
        "module_first_day",
    }:
        module_ids = sorted({k[1] for k in keys if k[0] in ("module_days", "module_first_day")})
        modules = [idx.modules[mid] for mid in module_ids]
        course = idx.module_course[module_ids[0]]
        n = course_calendar(course).n
        need = sum(m.days for m in modules)
        return done(
            "modules_do_not_fit",
            f"The modules {join([m.title for m in modules])} of {course.title} cannot all be placed on its "
            f"{plural(n, 'course day')} as required (they need {plural(need, 'day')} between them, one module at a "
            "time).",
            {
                "course_id": course.id,
                "course": course.title,
                "course_days": n,
                "module_ids": module_ids,
                "modules": [m.title for m in modules],
                "days_needed": need,
            },
        )
    if kinds <= soft and len({k[1] for k in keys}) == 1:
        course = idx.courses[keys[0][1]]
        formats = {k[2] for k in keys if k[0] == "parts"}
        members = [s for s in course.sessions if not formats or s.format in formats]
        parts = sorted({p for s in members for p in s.allowed_parts})
        n = course_calendar(course).n if "calendar" in kinds else len(course.all_days())
        in_parts = "" if len(parts) == 3 else f" in the {join([PART_NAMES[p] for p in parts])}"
        return done(
            "course_too_short",
            f"{course.title} has {plural(len(members), 'session')} to hold{in_parts}, but only "
            f"{plural(n * len(parts), 'slot')} on its {plural(n, 'course day')}.",
            {
                "course_id": course.id,
                "course": course.title,
                "sessions": len(members),
                "slots": n * len(parts),
                "course_days": n,
                "parts": parts,
            },
        )
    pinned = [idx.sessions[k[1]] for k in keys if k[0] == "pinned"]
    if len(pinned) == 1:
        for code, message, params, found in pinned_problems(idx, pinned[0]):
            if set(found) == keyset:
                return done(code, message, params)
    if len(pinned) >= 2 and kinds == {"pinned"}:
        return done(
            "pinned_clash",
            f"The pinned sessions {join([s.title for s in pinned])} cannot all stay where they are pinned.",
            {"session_ids": [s.id for s in pinned], "sessions": [s.title for s in pinned]},
        )
    return done(
        "requirements_conflict",
        f"These {plural(len(keys), 'requirement')} cannot all be met at once: "
        + " ".join(requirement(idx, k).message for k in sorted(keys, key=lambda k: (drop_rank(k), k))),
        {"count": len(keys)},
    )


# -- proof ------------------------------------------------------------------------------------------


def courses_of(idx: Index, keys: list[tuple]) -> list[Course]:
    """The courses a set of requirement groups speaks of: a course's own groups, the courses of a
    session or module, every course a lecturer teaches in or a venue is used by."""
    ids: set[str] = set()
    for key in keys:
        kind = key[0]
        if kind in ("calendar", "parts", "module_order"):
            ids.add(key[1])
        elif kind in ("held", "pinned"):
            ids.add(idx.sessions[key[1]].course_id)
        elif kind in ("module_days", "module_first_day"):
            ids.add(idx.module_course[key[1]].id)
        elif kind in ("availability", "lecturer_busy"):
            ids |= {s.course_id for s in idx.sessions_of_lecturer[key[1]]}
        elif kind in ("venue_open", "venue_busy"):
            ids |= {s.course_id for s in idx.sessions_of_venue[key[1]]}
        elif kind == "venue_capacity":
            ids.add(key[2])
    return [c for c in idx.problem.courses if c.id in ids]


def sessions_of(idx: Index, keys: list[tuple]) -> set[str]:
    """The sessions whose slots a set of requirement groups restricts (the smallest model to check it on)."""
    out: set[str] = set()
    for key in keys:
        kind = key[0]
        if kind in ("calendar", "parts"):
            out |= {s.id for s in idx.courses[key[1]].sessions}
        elif kind in ("held", "pinned"):
            out.add(key[1])
        elif kind in ("module_days", "module_first_day", "module_order"):
            course = idx.courses[key[1]] if kind == "module_order" else idx.module_course[key[1]]
            out |= {s.id for s in course.sessions if s.module_id is not None}
        elif kind in ("availability", "lecturer_busy"):
            out |= {s.id for s in idx.sessions_of_lecturer[key[1]]}
        elif kind in ("venue_open", "venue_busy"):
            out |= {s.id for s in idx.sessions_of_venue[key[1]]}
        elif kind == "venue_capacity":
            out |= {s.id for s in idx.courses[key[2]].sessions if s.venue_id == key[1]}
    return out


def confirm(problem: Problem, idx: Index, conflict: Conflict, *, time_limit: float, seed: int = 0) -> bool:
    """Whether ``conflict`` is a proof: its requirement groups, with the timetable's structure (one
    session per slot for a class, lecturer and venue; modules on consecutive days), are infeasible on
    their own. CP-SAT solves the sessions the groups restrict alone (then, if that is not enough, all
    sessions of their courses, then every course sharing lecturers or venues with them), with no other
    course's sessions anywhere, and must answer INFEASIBLE within ``time_limit``."""
    keys = conflict.keys
    if any(not key for key in keys):
        return False
    deadline = time.perf_counter() + time_limit
    touched = courses_of(idx, keys) if keys else list(problem.courses)
    tries = [(touched, sessions_of(idx, keys)), (touched, None)] if keys else [(touched, None)]
    ids = {c.id for c in touched}
    joined = [c for group in components(problem, idx) if ids & {c.id for c in group} for c in group]
    if {c.id for c in joined} != ids:
        tries.append((joined, None))
    for courses, sessions in tries:
        left = deadline - time.perf_counter()
        if left <= 0 or not courses:
            return False
        model = ExplainModel(problem, idx, courses, sessions)
        # A group that forbids nothing in these courses has no literal: it is not needed.
        status, _ = model.check([k for k in keys if k in model.groups], time_limit=left, seed=seed, workers=1)
        if status == "infeasible":
            return True
    return False


def whole_problem(problem: Problem, idx: Index) -> Conflict:
    """The explanation of a problem proven infeasible as a whole when no smaller conflicting set was found."""
    courses = list(problem.courses)
    return Conflict(
        "whole_problem",
        "No timetable keeps every rule of these courses together: the solver proved it for the whole problem, "
        "but found no smaller set of requirements to blame in the time it had.",
        {"course_ids": [c.id for c in courses], "courses": [c.title for c in courses]},
        (),
        minimal=False,
        source="solver",
    )
