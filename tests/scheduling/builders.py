"""Problems for the engine's tests: feasible by construction, and small hand-made ones.

``feasible_problem(rng)`` first lays out a timetable that keeps every hard rule (a reference), then
derives everything else from it: lecturers are available on (at least) their reference days, venues
open on (at least) their reference weekdays, busy slots avoid the reference, pinned sessions and fixed
first days are taken from it. So a timetable always exists, and the solver must find one.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, replace

from peixun.scheduling import Course, Lecturer, Module, Problem, Session, Slot, Venue, Weights, Window
from peixun.scheduling.problem import Index
from peixun.scheduling.validate import check_timetable

DAY = datetime.timedelta(days=1)
START = datetime.date(2026, 3, 2)  # a Monday
FORMATS = ["lecture", "lecture", "lecture", "workshop", "site_visit", "exhibition", "dinner", "lunch"]
FORMAT_PARTS = {"dinner": (3,), "lunch": (1, 2)}


@dataclass
class Built:
    problem: Problem
    reference: dict[str, Slot]
    first_days: dict[str, datetime.date]


def feasible_problem(rng: random.Random, *, courses: int | None = None, max_sessions: int = 12) -> Built:
    n_courses = courses or rng.choice([1, 1, 2])
    lecturer_ids = [f"L{i}" for i in range(rng.randint(2, 6))]
    venue_ids = [f"V{i}" for i in range(rng.randint(1, 3))]
    taken: set[tuple[str, str, Slot]] = set()  # (kind, who, slot) in the reference
    lecturer_days: dict[str, set[datetime.date]] = {lid: set() for lid in lecturer_ids}
    venue_weekdays: dict[str, set[int]] = {vid: set() for vid in venue_ids}
    venue_min_capacity: dict[str, int] = {vid: 1 for vid in venue_ids}
    reference: dict[str, Slot] = {}
    first_days: dict[str, datetime.date] = {}
    built_courses = []
    for ci in range(n_courses):
        cid = f"C{ci}"
        start = START + rng.randint(0, 5) * DAY
        length = rng.randint(6, 15)
        end = start + (length - 1) * DAY
        day_off = rng.choice([6, 6, 5, None, rng.randint(0, 6)])
        capacity = rng.choice([30, 40, 55])
        days = [start + i * DAY for i in range(length) if (start + i * DAY).weekday() != day_off]
        # Modules on consecutive course days, in order, with gaps.
        modules, cursor = [], 0
        for mi in range(rng.randint(0, 3)):
            size = rng.randint(2, 4)
            gap = rng.randint(0, 2)
            if cursor + gap + size > len(days):
                break
            cursor += gap
            modules.append((f"{cid}M{mi}", cursor, size))
            cursor += size
        fixed_order = rng.random() < 0.5
        order = list(range(len(modules)))
        if not fixed_order:
            rng.shuffle(order)
        module_objs = []
        for (mid, begin, size), rank in zip(modules, order, strict=True):
            fixed = rng.random() < 0.2
            if fixed:
                first_days[mid] = days[begin]
            module_objs.append(Module(mid, f"Module {mid}", size, order=rank, first_day=days[begin] if fixed else None))
            first_days[mid] = days[begin]
        # Sessions: each at a free reference slot of its module's days (or any course day).
        sessions = []
        class_taken: set[Slot] = set()
        for si in range(rng.randint(1, max_sessions)):
            sid = f"{cid}S{si}"
            fmt = rng.choice(FORMATS)
            module = rng.choice(modules) if modules and rng.random() < 0.7 else None
            pool = days[module[1] : module[1] + module[2]] if module else days
            allowed = FORMAT_PARTS.get(fmt) or tuple(sorted(rng.sample([1, 2, 3], rng.randint(1, 3))))
            options = [Slot(d, p) for d in pool for p in allowed if Slot(d, p) not in class_taken]
            if not options:
                continue
            slot = rng.choice(options)
            lecturers = []
            if fmt not in ("dinner", "lunch", "site_visit") or rng.random() < 0.3:
                for lid in rng.sample(lecturer_ids, rng.choice([0, 1, 1, 1, 2])):
                    if ("l", lid, slot) not in taken:
                        lecturers.append(lid)
            venue = None
            if fmt == "site_visit" or rng.random() < 0.3:
                free = [vid for vid in venue_ids if ("v", vid, slot) not in taken]
                if not free:
                    if fmt == "site_visit":
                        continue
                else:
                    venue = rng.choice(free)
            class_taken.add(slot)
            for lid in lecturers:
                taken.add(("l", lid, slot))
                lecturer_days[lid].add(slot.date)
            if venue is not None:
                taken.add(("v", venue, slot))
                venue_weekdays[venue].add(slot.date.weekday())
                venue_min_capacity[venue] = max(venue_min_capacity[venue], capacity)
            reference[sid] = slot
            pinned = slot if rng.random() < 0.1 else None
            preferred = ()
            if rng.random() < 0.2:
                preferred = (slot,) if rng.random() < 0.5 else (Slot(rng.choice(days), rng.choice(allowed)),)
            sessions.append(
                Session(
                    sid,
                    cid,
                    f"Session {sid}",
                    fmt,
                    0.0 if fmt in ("dinner", "lunch") else rng.choice([1.5, 2.0, 3.0, 3.0]),
                    module[0] if module else None,
                    tuple(lecturers),
                    venue,
                    allowed,
                    pinned,
                    preferred,
                )
            )
        weights = Weights(**{name: rng.choice([0, 1, 3, 10]) for name in Weights.names()})
        built_courses.append(
            Course(
                cid,
                f"Course {cid}",
                start,
                end,
                day_off,
                capacity,
                fixed_order,
                rng.choice([None, 6, 6, 4.5]),
                weights,
                tuple(module_objs),
                tuple(sessions),
            )
        )
    lecturers = []
    for lid in lecturer_ids:
        used = sorted(lecturer_days[lid])
        if used and rng.random() < 0.6:
            windows, run = [], [used[0], used[0]]
            for d in used[1:]:
                if (d - run[1]).days <= rng.randint(1, 3):
                    run[1] = d
                else:
                    windows.append(run)
                    run = [d, d]
            windows.append(run)
            availability = tuple(Window(a - rng.randint(0, 2) * DAY, b + rng.randint(0, 2) * DAY) for a, b in windows)
        else:
            availability = (Window(START - 10 * DAY, START + 40 * DAY),)
        busy = []
        for _ in range(rng.randint(0, 3)):
            slot = Slot(START + rng.randint(0, 20) * DAY, rng.randint(1, 3))
            if ("l", lid, slot) not in taken:
                busy.append(slot)
        lecturers.append(
            Lecturer(
                lid,
                f"Dr {lid}",
                availability,
                visiting=rng.random() < 0.5,
                preferred_weekdays=tuple(sorted(rng.sample(range(7), rng.randint(0, 5)))),
                busy=tuple(sorted(set(busy))),
            )
        )
    venues = []
    for vid in venue_ids:
        extra = set(rng.sample(range(7), rng.randint(0, 4)))
        busy = []
        for _ in range(rng.randint(0, 2)):
            slot = Slot(START + rng.randint(0, 20) * DAY, rng.randint(1, 3))
            if ("v", vid, slot) not in taken:
                busy.append(slot)
        venues.append(
            Venue(
                vid,
                f"Venue {vid}",
                tuple(sorted(venue_weekdays[vid] | extra)),
                venue_min_capacity[vid] + rng.choice([0, 10]),
                tuple(sorted(set(busy))),
            )
        )
    problem = Problem(tuple(built_courses), tuple(lecturers), tuple(venues), seed=rng.randint(0, 100))
    violations = check_timetable(problem, reference, first_days)
    assert violations == [], violations  # the generator itself must be right
    return Built(problem, reference, first_days)


def course(
    *,
    sessions=(),
    modules=(),
    start=START,
    days=12,
    day_off=6,
    capacity=40,
    fixed_module_order=False,
    max_class_hours_per_day=None,
    weights=None,
    cid="C",
) -> Course:
    return Course(
        cid,
        f"Course {cid}",
        start,
        start + (days - 1) * DAY,
        day_off,
        capacity,
        fixed_module_order,
        max_class_hours_per_day,
        weights or Weights(),
        tuple(modules),
        tuple(sessions),
    )


def session(
    sid,
    fmt="lecture",
    *,
    cid="C",
    hours=3.0,
    module=None,
    lecturers=(),
    venue=None,
    parts=None,
    pinned=None,
    preferred=(),
):
    return Session(
        sid,
        cid,
        f"Session {sid}",
        fmt,
        0.0 if fmt in ("dinner", "lunch") else hours,
        module,
        tuple(lecturers),
        venue,
        parts or FORMAT_PARTS.get(fmt, (1, 2, 3)),
        pinned,
        tuple(preferred),
    )


def anytime(lid: str, name: str | None = None, **kwargs) -> Lecturer:
    return Lecturer(lid, name or f"Dr {lid}", (Window(START - 30 * DAY, START + 90 * DAY),), **kwargs)


def in_session(built: Built, rng: random.Random) -> Built:
    """The same courses part-way through: every session of the reference before a cut (a course day
    and part) was held there, a few after it too (a roll call taken early), and some held ones were
    held where the rules would not place them now (the day off, outside the course). The slots
    still to come start at the cut. The reference, with those held sessions where they were held,
    is still a timetable that keeps every rule."""
    courses, reference = [], dict(built.reference)
    idx = Index(built.problem)
    taken = {
        (who, slot)
        for sid, slot in built.reference.items()
        for who in (*idx.sessions[sid].lecturer_ids, idx.sessions[sid].venue_id)
    }
    for c in built.problem.courses:
        days = c.course_days()
        cut = Slot(rng.choice(days), rng.randint(1, 3))
        elsewhere = [d for d in c.all_days() if d.weekday() == c.day_off]
        elsewhere += [c.start - DAY, c.end + DAY]
        sessions = []
        for s in c.sessions:
            slot = built.reference[s.id]
            if slot < cut or rng.random() < 0.1:
                if rng.random() < 0.15:
                    moved = Slot(rng.choice(elsewhere), rng.randint(1, 3))
                    if not any((who, moved) in taken for who in (*s.lecturer_ids, s.venue_id) if who is not None):
                        slot = reference[s.id] = moved
                        taken.update((who, moved) for who in (*s.lecturer_ids, s.venue_id))
                sessions.append(replace(s, pinned=slot, held=True))
            else:
                sessions.append(s)
        courses.append(replace(c, sessions=tuple(sessions), not_before=cut))
    problem = replace(built.problem, courses=tuple(courses))
    violations = check_timetable(problem, reference, built.first_days)
    assert violations == [], violations
    return Built(problem, reference, built.first_days)


def planted_problem(rng: random.Random, *, trap: bool | None = None, max_courses: int = 4) -> Built:
    """A tight problem built around a planted timetable: several courses on the same few days share
    lecturers and venues, most of their slots are used, and every lecturer's and venue's free time is
    cut down to little more than the planted timetable needs. ``trap`` (at random when None) adds the
    crossed trap of :func:`crossed_trap`, which makes greedy fail in every course order.

    The planted timetable keeps every hard rule (asserted), so the problem has a timetable."""
    trap = rng.random() < 0.5 if trap is None else trap
    n_courses = rng.randint(2, max_courses)
    length = rng.randint(3, 6)
    start = START + rng.randint(0, 2) * DAY
    lecturer_ids = [f"L{i}" for i in range(rng.randint(2, 1 + max_courses))]
    venue_ids = [f"V{i}" for i in range(rng.randint(0, 2))]
    taken: set[tuple[str, str, Slot]] = set()
    reference: dict[str, Slot] = {}
    sessions_of: dict[str, list[Session]] = {}
    courses_meta = []
    for ci in range(n_courses):
        cid = f"C{ci}"
        c_start = start + (0 if trap and ci < 2 else rng.randint(0, 1)) * DAY
        days = [c_start + i * DAY for i in range(length)]
        courses_meta.append((cid, c_start, days))
        sessions_of[cid] = []
    if trap:
        gadget = crossed_trap(courses_meta[0], courses_meta[1])
        for s, slot in gadget:
            reference[s.id] = slot
            sessions_of[s.course_id].append(s)
            taken.add(("c", s.course_id, slot))
            taken.update(("l", lid, slot) for lid in s.lecturer_ids)
    for cid, _, days in courses_meta:
        slots = [Slot(d, p) for d in days for p in (1, 2, 3) if ("c", cid, Slot(d, p)) not in taken]
        rng.shuffle(slots)
        fill = rng.uniform(0.5, 1.0)
        for si, slot in enumerate(slots[: round(fill * len(slots))]):
            sid = f"{cid}S{si}"
            parts = tuple(sorted({slot.part, *rng.sample([1, 2, 3], rng.randint(0, 2))}))
            free = [lid for lid in lecturer_ids if ("l", lid, slot) not in taken]
            lecturers = tuple(rng.sample(free, min(len(free), rng.choice([0, 1, 1, 2]))))
            free_venues = [vid for vid in venue_ids if ("v", vid, slot) not in taken]
            venue = rng.choice(free_venues) if free_venues and rng.random() < 0.4 else None
            taken.add(("c", cid, slot))
            taken.update(("l", lid, slot) for lid in lecturers)
            if venue is not None:
                taken.add(("v", venue, slot))
            reference[sid] = slot
            sessions_of[cid].append(
                Session(sid, cid, f"Session {sid}", "lecture", rng.choice([1.5, 3.0]), None, lecturers, venue, parts)
            )
    every_slot = {Slot(d, p) for _, _, days in courses_meta for d in days for p in (1, 2, 3)}
    lecturers = [
        Lecturer(
            lid, f"Dr {lid}", (Window(start - 5 * DAY, start + 20 * DAY),), busy=_cut(rng, every_slot, taken, "l", lid)
        )
        for lid in lecturer_ids
    ]
    if trap:
        lecturers += trap_lecturers(courses_meta[0][2][0])
    venues = [
        Venue(vid, f"Venue {vid}", tuple(range(7)), 100, _cut(rng, every_slot, taken, "v", vid)) for vid in venue_ids
    ]
    courses = tuple(
        Course(cid, f"Course {cid}", days[0], days[-1], None, 30, False, None, Weights(), (), tuple(sessions_of[cid]))
        for cid, _, days in courses_meta
    )
    problem = Problem(courses, tuple(lecturers), tuple(venues), seed=rng.randint(0, 100))
    violations = check_timetable(problem, reference, {})
    assert violations == [], violations
    return Built(problem, reference, {})


def _cut(rng: random.Random, every_slot: set[Slot], taken: set, kind: str, who: str) -> tuple[Slot, ...]:
    """Busy slots: a random share (often most) of the slots the planted timetable leaves ``who`` free."""
    share = rng.choice([0.0, 0.5, 0.8, 1.0])
    return tuple(sorted(slot for slot in every_slot if (kind, who, slot) not in taken and rng.random() < share))


def crossed_trap(first: tuple, second: tuple) -> list[tuple[Session, Slot]]:
    """Four sessions that make greedy fail whichever of the two courses it places first.

    In each course a morning-or-afternoon lecture of a lecturer free all week (A) would take, as the
    earliest free slot, the one slot the other course's narrow session (B) can use: B needs A's
    lecturer together with a second lecturer who is there on the first day only. The planted timetable
    puts both B sessions on the first day and both A sessions on the second."""
    (c0, _, days0), (c1, _, days1) = first, second
    d0, d1 = days0[0], days0[1]
    assert d0 in days1 and d1 in days1
    return [
        (Session(f"{c0}A", c0, "Trap A0", "lecture", 1.5, None, ("TL",), None, (1,)), Slot(d1, 1)),
        (Session(f"{c1}B", c1, "Trap B1", "lecture", 1.5, None, ("TL", "TM"), None, (1,)), Slot(d0, 1)),
        (Session(f"{c1}A", c1, "Trap A1", "lecture", 1.5, None, ("TK",), None, (2,)), Slot(d1, 2)),
        (Session(f"{c0}B", c0, "Trap B0", "lecture", 1.5, None, ("TK", "TN"), None, (2,)), Slot(d0, 2)),
    ]


def trap_lecturers(first_day: datetime.date) -> list[Lecturer]:
    wide = (Window(first_day - 5 * DAY, first_day + 20 * DAY),)
    only = (Window(first_day, first_day),)
    return [
        Lecturer("TL", "Dr TL", wide),
        Lecturer("TK", "Dr TK", wide),
        Lecturer("TM", "Dr TM", only),
        Lecturer("TN", "Dr TN", only),
    ]


def trap_problem() -> Built:
    """Two three-day courses holding only the crossed trap: greedy fails in every order, a timetable exists."""
    days = [START + i * DAY for i in range(3)]
    first, second = ("C0", START, days), ("C1", START, days)
    gadget = crossed_trap(first, second)
    courses = tuple(
        Course(
            cid,
            f"Course {cid}",
            days[0],
            days[-1],
            None,
            30,
            False,
            None,
            Weights(),
            (),
            tuple(s for s, _ in gadget if s.course_id == cid),
        )
        for cid in ("C0", "C1")
    )
    problem = Problem(courses, tuple(trap_lecturers(START)), ())
    reference = {s.id: slot for s, slot in gadget}
    assert check_timetable(problem, reference, {}) == []
    return Built(problem, reference, {})
