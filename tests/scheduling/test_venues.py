"""Venues chosen again with every slot kept (``venues.rechoose``): on tiny problems the answer is the best
choice there is (every choice enumerated), and on curriculum-based instances it keeps every rule and
costs exactly what the objective says, less than the choice it started from."""

from __future__ import annotations

import datetime
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.curriculum import curriculum_instance
from peixun.scheduling import Course, Problem, Session, Slot, Venue, check_timetable, objective_of
from peixun.scheduling.problem import Group, Index
from peixun.scheduling.venues import rechoose, venue_tenths

MONDAY = datetime.date(2027, 3, 1)


def tiny(rng: random.Random) -> tuple[Problem, dict[str, Slot], dict[str, str]]:
    """Two courses of up to three sessions in three slots (a class in one place at a time), up to three
    rooms: a timetable and a venue choice."""
    rooms = [Venue(f"R{i}", f"Room {i}", capacity=rng.choice((10, 20, 30, 40))) for i in range(rng.randint(2, 3))]
    slots = [Slot(MONDAY, 1), Slot(MONDAY, 2), Slot(MONDAY, 3)]
    taken: set[tuple[str, Slot]] = set()
    courses, at, venues = [], {}, {}
    for c in range(2):
        cid = f"C{c}"
        sessions = []
        for j in range(rng.randint(1, 3)):
            sid = f"{cid}-{j}"
            options = tuple(sorted(rng.sample([r.id for r in rooms], rng.randint(1, len(rooms)))))
            mine = {at[s.id] for s in sessions}
            free = [(slot, v) for slot in slots if slot not in mine for v in options if (v, slot) not in taken]
            if not free:
                continue
            slot, vid = rng.choice(free)
            taken.add((vid, slot))
            at[sid], venues[sid] = slot, vid
            sessions.append(
                Session(sid, cid, f"Session {sid}", "lecture", 2.0, venue_ids=options, venue_capacity="soft")
            )
        groups = (Group(f"{cid}-G", tuple(s.id for s in sessions), one_venue=True),) if sessions else ()
        size = rng.choice((15, 25, 35))
        sessions = tuple(sessions)
        courses.append(Course(cid, f"Course {cid}", MONDAY, MONDAY, capacity=size, sessions=sessions, groups=groups))
    return Problem(tuple(courses), (), tuple(rooms)), at, venues


def cheapest(problem: Problem, slots: dict[str, Slot], venues: dict[str, str]) -> int:
    """The cheapest venue choice there is, every choice enumerated (tenths)."""
    idx = Index(problem)
    sessions = [idx.sessions[sid] for sid in venues]
    best = None
    for choice in itertools.product(*(s.venue_ids for s in sessions)):
        pairs = [(v, slots[s.id]) for s, v in zip(sessions, choice, strict=True)]
        if len(set(pairs)) < len(pairs):
            continue
        cost = venue_tenths(problem, idx, {s.id: v for s, v in zip(sessions, choice, strict=True)})
        best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_on_tiny_problems_the_choice_found_is_the_cheapest_there_is(seed):
    problem, slots, venues = tiny(random.Random(seed))
    idx = Index(problem)

    better = rechoose(problem, idx, slots, venues, time_limit=5.0, workers=1)

    best = cheapest(problem, slots, venues)
    if better is None:
        assert venue_tenths(problem, idx, venues) == best
    else:
        assert venue_tenths(problem, idx, better) == best < venue_tenths(problem, idx, venues)
        assert check_timetable(problem, slots, {}, venues=better) == []


def test_on_a_curriculum_instance_the_planted_rooms_are_bettered_keeping_every_rule():
    planted = curriculum_instance(5, subjects=24, curricula=6, teachers=12, rooms=5)
    problem, idx = planted.problem, Index(planted.problem)
    assert check_timetable(problem, planted.slots, {}, venues=planted.venues) == []

    better = rechoose(problem, idx, planted.slots, planted.venues, time_limit=10.0, workers=1)

    assert better is not None  # the planted rooms were drawn at random
    assert check_timetable(problem, planted.slots, {}, venues=better) == []
    before = objective_of(problem, planted.slots, venues=planted.venues)
    after = objective_of(problem, planted.slots, venues=better)
    assert after < before
    # Only the venue goals changed, by what rechoose counts.
    gained = venue_tenths(problem, idx, planted.venues) - venue_tenths(problem, idx, better)
    assert round((before - after) * 10) == gained
