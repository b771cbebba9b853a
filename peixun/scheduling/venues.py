"""Venues chosen again for a timetable whose slots stay where they are.

A session with alternative venues (``venue_ids``) takes one of them; what that choice costs is soft venue
capacity (per missing seat) and venue stability (per extra venue of a ``one_venue`` group), and what
constrains it is one session per venue and slot. With every slot held, the whole problem's venue choice
is a small assignment model (a Boolean per session and usable venue), which CP-SAT solves in a fraction
of the time the full model needs with the same slots held. The neighbourhood search frees a few courses
at a time, so it swaps rooms among them only; here every room of every slot can change hands at once.

:func:`rechoose` returns the venues of a cheaper choice, or None when it found none. The costs are those
of :mod:`peixun.scheduling.objective` (tenths of a point); the tests compare them with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ortools.sat.python import cp_model

from .calendar import usable_venues
from .objective import venue_of
from .problem import Index, Problem, Slot


def venue_tenths(problem: Problem, idx: Index, venues: Mapping[str, str]) -> int:
    """What the venue choice costs (tenths): soft capacity and stability, as the objective counts them."""
    total = 0
    for course in problem.courses:
        w = course.weights
        for s in course.sessions:
            vid = venues.get(s.id) if s.venue_id is None else None
            if vid is not None and s.venue_capacity == "soft":
                total += 10 * w.venue_capacity * max(0, course.capacity - idx.venues[vid].capacity)
        for group in course.groups:
            if group.one_venue:
                used = {v for sid in group.session_ids if (v := venue_of(idx.sessions[sid], venues)) is not None}
                total += 10 * w.venue_stability * max(0, len(used) - 1)
    return total


def rechoose(
    problem: Problem,
    idx: Index,
    slots: Mapping[str, Slot],
    venues: Mapping[str, str],
    *,
    time_limit: float,
    workers: int = 1,
    seed: int = 0,
) -> dict[str, str] | None:
    """A cheaper venue for every free session (alternatives, not held, in ``slots``), every slot kept;
    None when the choice ``venues`` cannot be bettered in ``time_limit`` seconds."""
    free = [
        s
        for c in problem.courses
        if c.weights.venue_capacity or c.weights.venue_stability
        for s in c.sessions
        if s.venue_ids and s.venue_id is None and not s.held and s.id in slots and s.id in venues
    ]
    if not free:
        return None
    free_ids = {s.id for s in free}
    # Venues taken whatever happens here: fixed venues, and the held sessions' choices.
    taken = {
        (vid, slots[s.id])
        for s in idx.sessions.values()
        if s.id in slots and s.id not in free_ids and (vid := venue_of(s, venues)) is not None
    }

    model = cp_model.CpModel()
    chosen: dict[str, dict[str, cp_model.IntVar]] = {}
    at: dict[tuple[str, Slot], list] = defaultdict(list)
    terms: list[tuple[int, cp_model.IntVar]] = []
    for s in free:
        slot, course = slots[s.id], idx.courses[s.course_id]
        options = [v for v in usable_venues(idx, s, slot, course=course) if (v, slot) not in taken]
        if venues[s.id] not in options:  # the current choice is always allowed (it is the hint)
            options.append(venues[s.id])
        chosen[s.id] = {v: model.new_bool_var(f"{s.id}@{v}") for v in options}
        model.add_exactly_one(chosen[s.id].values())
        for v, var in chosen[s.id].items():
            at[(v, slot)].append(var)
            model.add_hint(var, v == venues[s.id])
            short = course.capacity - idx.venues[v].capacity
            if s.venue_capacity == "soft" and short > 0 and course.weights.venue_capacity:
                terms.append((10 * course.weights.venue_capacity * short, var))
    for users in at.values():
        if len(users) > 1:
            model.add_at_most_one(users)
    offset = 0
    for course in problem.courses:
        w = course.weights
        if w.venue_stability:
            for group in course.groups:
                if not group.one_venue:
                    continue
                members = [idx.sessions[sid] for sid in group.session_ids]
                if not any(s.id in free_ids for s in members):
                    continue
                fixed = {venue_of(s, venues) for s in members if s.id not in free_ids} - {None}
                options = {v for s in members if s.id in free_ids for v in chosen[s.id]}
                # used[v] is 1 when some free session uses v (fixed venues are used anyway).
                used = 0
                for v in sorted(options - fixed):
                    flag = model.new_bool_var(f"{group.id} uses {v}")
                    for s in members:
                        if s.id in free_ids and v in chosen[s.id]:
                            model.add_implication(chosen[s.id][v], flag)
                    terms.append((10 * w.venue_stability, flag))
                    used += 1
                # (the count of venues, minus one, at least zero: with no fixed venue, one used one is free)
                if fixed:
                    offset += 10 * w.venue_stability * (len(fixed) - 1)
                elif used:
                    offset -= 10 * w.venue_stability
    model.minimize(cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms]) + offset)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    better = dict(venues)
    for sid, options in chosen.items():
        better[sid] = next(v for v, var in options.items() if solver.value(var))
    if venue_tenths(problem, idx, better) >= venue_tenths(problem, idx, venues):
        return None
    return better
