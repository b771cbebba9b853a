"""The CP-SAT model of a timetable: one Boolean per session and slot it may take, modules as start choices.

Each session's slots are cut down before the model is built to those its course days, its module's
window, its allowed parts of the day, its lecturers' availability and busy slots and its venue's open
days, capacity and busy slots admit (``calendar.candidate_slots``), so the model holds only choices
that keep every per-slot rule. What remains are the rules between sessions (one session per slot for
a class, a lecturer and a venue; modules on consecutive course days, apart, in order) and the soft
goals. Every auxiliary variable of the objective is defined exactly, not only bounded, so the
objective of any solution equals ``objective.objective_of`` of its timetable.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from . import effort
from .calendar import CourseCalendar, candidate_slots, course_calendar, usable_venues, venue_fits
from .greedy import GreedySolution
from .objective import dinner_spacing, time_index, trip_calendar
from .problem import (
    PRACTICAL_FORMATS,
    SPREAD_FORMAT,
    Index,
    Problem,
    Session,
    Slot,
    min_teaching_days,
    most_per_day,
)


@dataclass
class SolveOutcome:
    status: str  # optimal, feasible, infeasible, unknown
    objective_tenths: int | None
    bound_tenths: float | None
    slots: dict[str, Slot]
    module_starts: dict[str, int]
    first_solution_s: float | None
    solutions: int
    wall_s: float
    #: the venue chosen for each session with alternatives
    venues: dict[str, str] = field(default_factory=dict)
    #: the objective per goal (a weight's name), in tenths, from the model's own terms
    goal_tenths: dict[str, int] = field(default_factory=dict)


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, stop_at_first: bool = False):
        super().__init__()
        self.started = started
        self.stop_at_first = stop_at_first
        self.first: float | None = None
        self.count = 0

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.perf_counter() - self.started
        self.count += 1
        if self.stop_at_first:
            self.stop_search()


def symmetry_key(session: Session) -> tuple | None:
    """Sessions with the same key can swap slots without changing any rule or cost."""
    if session.pinned is not None or session.preferred_slots:
        return None
    return (
        session.course_id,
        session.module_id,
        session.format,
        session.tenths,
        tuple(sorted(session.lecturer_ids)),
        session.venue_id,
        session.venue_ids,
        session.venue_capacity,
        tuple(sorted(session.allowed_parts)),
    )


def least_excess(course, cal: CourseCalendar) -> int:
    """A lower bound on a course's class hours (in tenths) above its daily limit, summed over its days:
    each module's hours fall on its own days, and the other sessions fill what room is left."""
    limit = course.max_tenths_per_day
    if limit is None:
        return 0
    excess = room = 0
    module_days = 0
    # Held sessions are left out: they may lie anywhere, and leaving hours out only lowers the bound.
    movable = [s for s in course.sessions if not s.held]
    for module in course.modules:
        hours = sum(s.tenths for s in movable if s.module_id == module.id)
        excess += max(0, hours - limit * module.days)
        room += max(0, limit * module.days - hours)
        module_days += module.days
    room += limit * max(0, cal.n - module_days)
    loose = sum(s.tenths for s in movable if s.module_id is None)
    return excess + max(0, loose - room)


class TimetableModel:
    def __init__(self, problem: Problem, idx: Index, *, only: dict[str, set[Slot]] | None = None):
        """``only`` narrows the listed sessions to those slots (a restricted model for a heuristic)."""
        self.problem = problem
        self.idx = idx
        self.model = cp_model.CpModel()
        self.cals: dict[str, CourseCalendar] = {c.id: course_calendar(c) for c in problem.courses}
        self.domains: dict[str, list[Slot]] = {}
        self.empty_sessions: list[str] = []
        self.empty_modules: list[str] = []
        for course in problem.courses:
            cal = self.cals[course.id]
            for module in course.modules:
                lo, hi = cal.module_starts[module.id]
                if lo > hi:
                    self.empty_modules.append(module.id)
            for s in course.sessions:
                slots = candidate_slots(cal, idx, s)
                if only is not None and s.id in only:
                    slots = [slot for slot in slots if slot in only[s.id]]
                self.domains[s.id] = slots
                if s.venue_ids and not s.held and not any(venue_fits(idx, s, v, course=course) for v in s.venue_ids):
                    slots = self.domains[s.id] = []
                if not slots:
                    self.empty_sessions.append(s.id)
        self.x: dict[str, list[tuple[Slot, cp_model.IntVar]]] = {}
        self.y: dict[str, dict[int, cp_model.IntVar]] = {}
        self.offset = 0
        #: the objective's terms and constant per goal (a weight's name), to report each goal's cost
        self.goal_terms: dict[str, list] = {}
        self.goal_offset: dict[str, int] = {}
        #: per session with alternative venues, one Boolean per venue it may use
        self.z: dict[str, dict[str, cp_model.IntVar]] = {}
        self.obj_vars: list = []
        self.obj_coeffs: list[int] = []
        self.symmetric_groups: list[list[Session]] = []
        self.stats: dict[str, int] = {}

    @property
    def trivially_infeasible(self) -> bool:
        return bool(self.empty_sessions or self.empty_modules)

    # -- building -----------------------------------------------------------------------------------

    def build(self, hint: GreedySolution | None = None) -> None:
        m = self.model
        class_slot: dict[tuple[str, Slot], list] = defaultdict(list)
        lecturer_slot: dict[tuple[str, Slot], list] = defaultdict(list)
        venue_slot: dict[tuple[str, Slot], list] = defaultdict(list)
        # Sessions that may use a venue in a slot, by course: a class is in one place at a time, so
        # only venues two courses may use in one slot need a Boolean for "this session is there".
        venue_users: dict[tuple[str, Slot], list] = defaultdict(list)
        for course in self.problem.courses:
            for s in course.sessions:
                pairs = [(slot, m.new_bool_var("")) for slot in self.domains[s.id]]
                self.x[s.id] = pairs
                m.add_exactly_one(v for _, v in pairs)
                if s.venue_ids:
                    fits = [v for v in s.venue_ids if s.held or venue_fits(self.idx, s, v, course=course)]
                    zs = self.z[s.id] = {vid: m.new_bool_var("") for vid in fits}
                    m.add_exactly_one(zs.values())
                for slot, v in pairs:
                    class_slot[(course.id, slot)].append((v, s.held))
                    for lid in s.lecturer_ids:
                        lecturer_slot[(lid, slot)].append((v, s.held))
                    if s.venue_id is not None:
                        venue_slot[(s.venue_id, slot)].append((v, s.held))
                        venue_users[(s.venue_id, slot)].append((course.id, s, v))
                    elif s.venue_ids:
                        usable = set(usable_venues(self.idx, s, slot, course=course))
                        for vid, z in self.z[s.id].items():
                            if vid not in usable:
                                m.add_implication(v, z.Not())
                            else:
                                venue_users[(vid, slot)].append((course.id, s, v))
        for (vid, slot), users in venue_users.items():
            if len({course_id for course_id, _, _ in users}) < 2:
                continue
            for _, s, v in users:
                if s.venue_ids:
                    there = m.new_bool_var("")
                    m.add_bool_or([v.Not(), self.z[s.id][vid].Not(), there])
                    venue_slot[(vid, slot)].append((there, s.held))
        for table in (class_slot, lecturer_slot, venue_slot):
            for group in table.values():
                # Held sessions may share a slot with each other (that is what happened), with nothing else.
                held = [v for v, is_held in group if is_held]
                members = [v for v, is_held in group if not is_held] + held[:1]
                if len(members) > 1:
                    m.add_at_most_one(members)
        for course in self.problem.courses:
            self._modules(course)
            self._symmetry(course)
            self._objective(course)
        m.minimize(cp_model.LinearExpr.weighted_sum(self.obj_vars, self.obj_coeffs) + self.offset)
        if hint is not None:
            self._hint(hint)
        self.stats = {
            "sessions": len(self.x),
            "slot_variables": sum(len(p) for p in self.x.values()),
            "module_start_variables": sum(len(v) for v in self.y.values()),
            "variables": len(m.proto.variables),
            "constraints": len(m.proto.constraints),
        }

    def time_expr(self, s: Session):
        start = self.idx.courses[s.course_id].start
        pairs = self.x[s.id]
        return cp_model.LinearExpr.weighted_sum([v for _, v in pairs], [time_index(start, slot) for slot, _ in pairs])

    def _modules(self, course) -> None:
        m = self.model
        cal = self.cals[course.id]
        covers: dict[int, list] = defaultdict(list)
        for module in course.modules:
            lo, hi = cal.module_starts[module.id]
            starts = {j: m.new_bool_var("") for j in range(lo, hi + 1)}
            self.y[module.id] = starts
            m.add_exactly_one(starts.values())
            for j, v in starts.items():
                for i in range(j, j + module.days):
                    covers[i].append(v)
            by_date: dict = defaultdict(list)
            for s in self.idx.sessions_of_module[module.id]:
                if s.held:
                    continue  # where it was held is a fact; the calendar keeps the module's days around it
                for slot, v in self.x[s.id]:
                    by_date[(s.id, slot.date)].append(v)
            for (_, day), xs in by_date.items():
                i = cal.index[day]
                window = [starts[j] for j in range(max(lo, i - module.days + 1), min(hi, i) + 1)]
                m.add(cp_model.LinearExpr.sum(xs) <= cp_model.LinearExpr.sum(window))
        for group in covers.values():
            if len(group) > 1:
                m.add_at_most_one(group)
        if course.fixed_module_order:
            ordered = course.modules_in_order()
            for a, b in zip(ordered, ordered[1:], strict=False):
                m.add(self.start_expr(b.id) >= self.start_expr(a.id) + a.days)

    def start_expr(self, module_id: str):
        ys = self.y[module_id]
        return cp_model.LinearExpr.weighted_sum(list(ys.values()), list(ys.keys()))

    def _symmetry(self, course) -> None:
        groups: dict[tuple, list[Session]] = defaultdict(list)
        for s in course.sessions:
            key = symmetry_key(s)
            if key is not None:
                groups[key].append(s)
        for members in groups.values():
            if len(members) > 1:
                self.symmetric_groups.append(members)
                for a, b in zip(members, members[1:], strict=False):
                    self.model.add(self.time_expr(a) + 1 <= self.time_expr(b))

    def _objective(self, course) -> None:
        m = self.model
        w = course.weights
        cal = self.cals[course.id]

        # Visiting lecturers: days used and trips (runs of used days in their trip calendar).
        if w.lecturer_days or w.lecturer_trips:
            by_lecturer: dict[str, list[Session]] = defaultdict(list)
            for s in course.sessions:
                for lid in s.lecturer_ids:
                    if self.idx.lecturers[lid].visiting:
                        by_lecturer[lid].append(s)
            for lid, sessions in by_lecturer.items():
                if len(sessions) < 2:
                    continue
                by_day: dict = defaultdict(list)
                for s in sessions:
                    for slot, v in self.x[s.id]:
                        by_day[slot.date].append(v)
                held_days = {s.pinned.date for s in sessions if s.held}
                per_day = most_per_day(sessions)
                used = {}
                for day in sorted(by_day):
                    u = m.new_bool_var("")
                    for v in by_day[day]:
                        m.add_implication(v, u)
                    m.add_bool_or([u.Not(), *by_day[day]])
                    # Redundant, for the LP: a lecturer gives at most one session per usable part of a day.
                    m.add(cp_model.LinearExpr.sum(by_day[day]) <= per_day * u)
                    used[day] = u
                for u in used.values():
                    self.term(10 * w.lecturer_days, u, "lecturer_days")
                m.add(cp_model.LinearExpr.sum(list(used.values())) >= min_teaching_days(sessions))
                self.shift(-10 * w.lecturer_days * min_teaching_days(sessions), "lecturer_days")
                calendar = sorted(set(trip_calendar(course, self.idx.lecturers[lid])) | held_days)
                starts = []
                for i, day in enumerate(calendar):
                    if day not in used:
                        continue
                    prev = used.get(calendar[i - 1]) if i > 0 else None
                    if prev is None:
                        starts.append(used[day])
                    else:
                        b = m.new_bool_var("")
                        m.add_bool_or([used[day].Not(), prev, b])
                        m.add_implication(b, used[day])
                        m.add_implication(b, prev.Not())
                        starts.append(b)
                for b in starts:
                    self.term(10 * w.lecturer_trips, b, "lecturer_trips")
                m.add(cp_model.LinearExpr.sum(starts) >= 1)
                self.shift(-10 * w.lecturer_trips, "lecturer_trips")

        # Workshops and site visits after their module's lectures.
        if w.module_order:
            for module in course.modules:
                members = self.idx.sessions_of_module[module.id]
                lectures = [s for s in members if s.format == "lecture"]
                practicals = [s for s in members if s.format in PRACTICAL_FORMATS]
                if not lectures or not practicals:
                    continue
                if len(lectures) == 1:
                    last = self.time_expr(lectures[0])
                else:
                    # Held lectures may lie outside the course: the bounds come from every lecture's slots.
                    times = [time_index(course.start, slot) for a in lectures for slot, _ in self.x[a.id]]
                    last = m.new_int_var(min(times), max(times), "")
                    m.add_max_equality(last, [self.time_expr(a) for a in lectures])
                for b in practicals:
                    # Not before is at or after: held sessions may have shared the last lecture's slot.
                    before = m.new_bool_var("")
                    tb = self.time_expr(b)
                    m.add(tb >= last).only_enforce_if(before.Not())
                    m.add(tb <= last - 1).only_enforce_if(before)
                    self.term(10 * w.module_order, before, "module_order")

        # Class hours per day above the course's limit.
        limit = course.max_tenths_per_day
        if w.daily_hours and limit is not None:
            by_day: dict = defaultdict(list)
            held_on: dict = defaultdict(int)
            for s in course.sessions:
                if s.tenths:
                    for slot, v in self.x[s.id]:
                        by_day[slot.date].append((s.tenths, v))
                    if s.held:
                        held_on[s.pinned.date] += 1
            excesses = []
            for day in sorted(by_day):
                pairs = by_day[day]
                # Three sessions a day at most, but held ones may have shared a slot.
                top = sum(sorted((t for t, _ in pairs), reverse=True)[: 3 + held_on[day]])
                if top <= limit:
                    continue
                excess = m.new_int_var(0, top - limit, "")
                hours = cp_model.LinearExpr.weighted_sum([v for _, v in pairs], [t for t, _ in pairs])
                m.add_max_equality(excess, [0, hours - limit])
                self.term(w.daily_hours, excess, "daily_hours")
                excesses.append(excess)
            floor = least_excess(course, cal)
            if floor > 0:
                # Redundant, for the bound: modules keep their hours on their own days.
                m.add(cp_model.LinearExpr.sum(excesses) >= floor)

        # Dinners spread over the course.
        dinners = [s for s in course.sessions if s.format == SPREAD_FORMAT]
        spacing = dinner_spacing(cal, len(dinners))
        if w.dinner_spread and spacing:
            pos = {
                s.id: cp_model.LinearExpr.weighted_sum(
                    [v for _, v in self.x[s.id]], [cal.position(slot.date) for slot, _ in self.x[s.id]]
                )
                for s in dinners
            }
            for i, a in enumerate(dinners):
                for b in dinners[i + 1 :]:
                    apart = m.new_int_var(0, cal.n, "")
                    m.add_abs_equality(apart, pos[a.id] - pos[b.id])
                    short = m.new_int_var(0, spacing, "")
                    m.add_max_equality(short, [0, spacing - apart])
                    self.term(10 * w.dinner_spread, short, "dinner_spread")

        # Preferred weekdays and preferred slots.
        for s in course.sessions:
            for lid in s.lecturer_ids:
                preferred = self.idx.lecturers[lid].preferred_weekdays
                if w.preferred_weekday and preferred:
                    for slot, v in self.x[s.id]:
                        if slot.date.weekday() not in preferred:
                            self.term(10 * w.preferred_weekday, v, "preferred_weekday")
            if w.preferred_slot and s.preferred_slots:
                self.shift(10 * w.preferred_slot, "preferred_slot")
                wanted = set(s.preferred_slots)
                for slot, v in self.x[s.id]:
                    if slot in wanted:
                        self.term(-10 * w.preferred_slot, v, "preferred_slot")

        self._groups(course)

    def term(self, coeff: int, var, goal: str) -> None:
        self.obj_vars.append(var)
        self.obj_coeffs.append(coeff)
        self.goal_terms.setdefault(goal, []).append((coeff, var))

    def shift(self, tenths: int, goal: str) -> None:
        self.offset += tenths
        self.goal_offset[goal] = self.goal_offset.get(goal, 0) + tenths

    def _groups(self, course) -> None:
        """Spread, compactness and venue stability of the course's groups; soft venue capacity."""
        m = self.model
        w = course.weights
        if w.venue_capacity:
            for s in course.sessions:
                if s.venue_capacity != "soft":
                    continue
                for vid, z in self.z.get(s.id, {}).items():
                    short = course.capacity - self.idx.venues[vid].capacity
                    if short > 0:
                        self.term(10 * w.venue_capacity * short, z, "venue_capacity")
        for group in course.groups:
            members = [self.idx.sessions[sid] for sid in group.session_ids]
            if group.spread_days and w.spread:
                by_day: dict = defaultdict(list)
                for s in members:
                    for slot, v in self.x[s.id]:
                        by_day[slot.date].append(v)
                used = [self._any(by_day[day]) for day in sorted(by_day)]
                missing = m.new_int_var(0, group.spread_days, "")
                m.add_max_equality(missing, [0, group.spread_days - cp_model.LinearExpr.sum(used)])
                self.term(10 * w.spread, missing, "spread")
            if group.compact and w.compactness:
                by_slot: dict = defaultdict(list)
                for s in members:
                    for slot, v in self.x[s.id]:
                        by_slot[slot].append(v)
                occupied = {slot: self._any(vs) for slot, vs in sorted(by_slot.items())}
                for s in members:
                    for slot, v in self.x[s.id]:
                        near = [
                            occupied[n]
                            for n in (Slot(slot.date, slot.part - 1), Slot(slot.date, slot.part + 1))
                            if n in occupied
                        ]
                        if not near:
                            self.term(10 * w.compactness, v, "compactness")
                            continue
                        alone = m.new_bool_var("")
                        m.add_implication(alone, v)
                        for o in near:
                            m.add_implication(alone, o.Not())
                        m.add_bool_or([v.Not(), *near, alone])
                        self.term(10 * w.compactness, alone, "compactness")
            if group.one_venue and w.venue_stability:
                fixed = {s.venue_id for s in members if s.venue_id is not None}
                options: dict[str, list] = defaultdict(list)
                for s in members:
                    for vid, z in self.z.get(s.id, {}).items():
                        if vid not in fixed:
                            options[vid].append(z)
                if not fixed and not options:
                    continue
                for vid in sorted(options):
                    self.term(10 * w.venue_stability, self._any(options[vid]), "venue_stability")
                self.shift(10 * w.venue_stability * (len(fixed) - 1), "venue_stability")
                if not fixed:
                    # Someone uses a venue: at least one is used.
                    m.add_bool_or([v for zs in options.values() for v in zs])

    def _any(self, literals: list):
        """A Boolean equal to the disjunction of ``literals``."""
        if len(literals) == 1:
            return literals[0]
        b = self.model.new_bool_var("")
        for v in literals:
            self.model.add_implication(v, b)
        self.model.add_bool_or([b.Not(), *literals])
        return b

    def _hint(self, hint: GreedySolution) -> None:
        slots = dict(hint.slots)
        # Identical sessions are ordered in time in the model; give the hint the same order.
        for members in self.symmetric_groups:
            if all(s.id in slots for s in members):
                course = self.idx.courses[members[0].course_id]
                ordered = sorted((slots[s.id] for s in members), key=lambda sl: time_index(course.start, sl))
                for s, slot in zip(members, ordered, strict=True):
                    slots[s.id] = slot
        for sid, pairs in self.x.items():
            if sid in slots:
                for slot, v in pairs:
                    self.model.add_hint(v, slot == slots[sid])
        for sid, zs in self.z.items():
            chosen = hint.venues.get(sid)
            if chosen in zs:
                for vid, z in zs.items():
                    self.model.add_hint(z, vid == chosen)
        for course in self.problem.courses:
            cal = self.cals[course.id]
            for module in course.modules:
                day = hint.module_first_days.get(module.id)
                if day is not None and day in cal.index:
                    for j, v in self.y[module.id].items():
                        self.model.add_hint(v, j == cal.index[day])

    # -- solving ------------------------------------------------------------------------------------

    def complete_hint(self) -> bool:
        """Extend the hint on the session and module variables to every variable (the objective's
        auxiliaries included), so that CP-SAT starts from a complete, feasible solution."""
        proto = self.model.proto
        if not proto.solution_hint.vars:
            return False
        fixed = self.model.clone()
        for index, value in zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True):
            fixed.add(fixed.get_int_var_from_proto_index(index) == value)
        fixed.clear_hints()
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = 5.0
        code = solver.solve(fixed)
        effort.record(solver)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        values = solver.response_proto.solution
        self.model.clear_hints()
        for index in range(len(proto.variables)):
            self.model.add_hint(self.model.get_int_var_from_proto_index(index), values[index])
        return True

    def solve(
        self,
        *,
        time_limit: float,
        workers: int,
        seed: int,
        log: bool = False,
        work_limit: float | None = None,
        stop_at_first: bool = False,
    ) -> SolveOutcome:
        """``work_limit``: a cap in CP-SAT's deterministic time as well (the same work on a busy machine);
        ``stop_at_first``: stop at the first solution (its status is then ``feasible``)."""
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = max(0.01, time_limit)
        if work_limit is not None:
            p.max_deterministic_time = max(0.01, work_limit)
        p.num_workers = workers
        p.random_seed = seed
        p.log_search_progress = log
        if workers == 1:
            p.linearization_level = 2
        else:
            # One thread on the full LP relaxation (a strong bound), the others on large neighbourhood search.
            p.subsolvers.append("max_lp")
        started = time.perf_counter()
        callback = _FirstSolution(started, stop_at_first)
        code = solver.solve(self.model, callback)
        effort.record(solver)
        wall = time.perf_counter() - started
        status = {
            cp_model.OPTIMAL: "optimal",
            cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible",
        }.get(code, "unknown")
        slots: dict[str, Slot] = {}
        starts: dict[str, int] = {}
        venues: dict[str, str] = {}
        goal_tenths: dict[str, int] = {}
        objective = bound = None
        if status in ("optimal", "feasible"):
            values = solver.response_proto.solution
            for sid, pairs in self.x.items():
                for slot, v in pairs:
                    if values[v.index]:
                        slots[sid] = slot
                        break
            for mid, ys in self.y.items():
                for j, v in ys.items():
                    if values[v.index]:
                        starts[mid] = j
                        break
            for sid, zs in self.z.items():
                for vid, z in zs.items():
                    if values[z.index]:
                        venues[sid] = vid
                        break
            for goal, terms in self.goal_terms.items():
                goal_tenths[goal] = self.goal_offset.get(goal, 0) + sum(
                    coeff * values[var.index] for coeff, var in terms
                )
            for goal, constant in self.goal_offset.items():
                goal_tenths.setdefault(goal, constant)
            objective = round(solver.objective_value)
            bound = solver.best_objective_bound
            if status == "optimal":
                bound = objective
        return SolveOutcome(
            status, objective, bound, slots, starts, callback.first, callback.count, wall, venues, goal_tenths
        )
