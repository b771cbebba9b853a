"""Curriculum-based timetabling instances, made by the benchmark itself (``bench/timetable.py``'s ``cb-*``).

The kind of problem universities and training centres share (the curriculum-based course timetabling
of the public competitions): subjects of several lectures, each taught by one teacher to a number of
students; curricula, sets of subjects one group of students follows, so that a curriculum's lectures
may not overlap, and subjects shared between curricula; rooms of different sizes; teachers who cannot
teach at some times. The soft goals are those of the competitions: a subject's lectures spread over a
minimum number of days, in rooms that hold its students, in one room, and a curriculum's day compact
(no lecture of it alone with no neighbour).

In Peixun's format (docs/timetable-format.md) each subject is a course of its own (its class is its
students) with one group: ``spread_days`` its minimum days, ``one_venue``, ``compact``. A curriculum
is a lecturer every lecture of its subjects names besides the teacher (always available, never
visiting): one person cannot be in two places, so the curriculum's lectures never overlap. Every
lecture may use any room (``venue_ids``, ``venue_capacity: soft``: a room too small costs per missing
seat). Compactness is asked of each subject's own lectures: a group belongs to one course, so a
curriculum's compactness across its subjects cannot be said in the format.

Every instance is feasible by construction: a reference timetable is planted first (each lecture in a
free slot and room where its teacher and curricula are free), and teachers are unavailable only in
slots the reference leaves them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from peixun.scheduling import Course, Lecturer, Problem, Session, Slot, Venue, Window
from peixun.scheduling.problem import Group

DAY = datetime.timedelta(days=1)
PARTS = (1, 2, 3)
ROOM_SIZES = (30, 40, 60, 80, 120, 200)


@dataclass(frozen=True)
class Planted:
    """An instance and the reference timetable it was built around (a slot and a room per lecture)."""

    problem: Problem
    slots: dict[str, Slot]
    venues: dict[str, str]


def curriculum_instance(
    seed: int, *, subjects: int, curricula: int, teachers: int, rooms: int, weeks: int = 2
) -> Planted:
    """A feasible curriculum-based instance with the given sizes (see the module's note)."""
    rng = random.Random(seed)
    start = datetime.date(2027, 3, 1)  # a Monday
    end = start + (7 * weeks - 2) * DAY  # the last Saturday; Sundays off
    days = [start + i * DAY for i in range((end - start).days + 1) if (start + i * DAY).weekday() != 6]
    slots = [Slot(day, part) for day in days for part in PARTS]
    room_list = [Venue(f"R{r}", f"Room {r}", tuple(range(7)), capacity=rng.choice(ROOM_SIZES)) for r in range(rooms)]

    # Subjects: lectures, students, minimum days, teacher.
    specs = []
    for s in range(subjects):
        lectures = rng.randint(2, 6)
        specs.append(
            {
                "id": f"S{s:03d}",
                "lectures": lectures,
                "students": rng.choice((15, 25, 35, 50, 70, 90, 130, 180)),
                "min_days": rng.randint(2, min(lectures, 5)),
                "teacher": f"T{rng.randrange(teachers):03d}",
                "curricula": set(),
            }
        )
    # Curricula of 3 to 6 subjects; drawing with replacement across curricula shares subjects.
    for q in range(curricula):
        for spec in rng.sample(specs, rng.randint(3, min(6, subjects))):
            spec["curricula"].add(f"Q{q:03d}")

    # The reference timetable: each lecture where its teacher, its curricula and a room are free.
    busy: dict[str, set[Slot]] = {}
    taken_rooms: set[tuple[Slot, str]] = set()
    planted: dict[str, list[tuple[Slot, str]]] = {}
    for spec in specs:
        people = [spec["teacher"], *sorted(spec["curricula"])]
        placed: list[tuple[Slot, str]] = []
        for _ in range(spec["lectures"]):
            options = [
                slot
                for slot in slots
                if all(slot not in busy.get(p, ()) for p in people)
                and any((slot, room.id) not in taken_rooms for room in room_list)
            ]
            if not options:
                break
            slot = rng.choice(options)
            room = rng.choice([room for room in room_list if (slot, room.id) not in taken_rooms])
            taken_rooms.add((slot, room.id))
            for person in people:
                busy.setdefault(person, set()).add(slot)
            placed.append((slot, room.id))
        spec["lectures"] = len(placed)
        spec["min_days"] = min(spec["min_days"], max(1, len(placed)))
        planted[spec["id"]] = placed

    # Teachers cannot teach in about a tenth of the slots the reference leaves them.
    teacher_ids = sorted({spec["teacher"] for spec in specs})
    lecturers = []
    for tid in teacher_ids:
        free = [slot for slot in slots if slot not in busy.get(tid, ())]
        unavailable = tuple(sorted(rng.sample(free, len(free) // 10)))
        lecturers.append(Lecturer(tid, f"Teacher {tid}", (Window(start, end),), busy=unavailable))
    for q in range(curricula):
        lecturers.append(Lecturer(f"Q{q:03d}", f"Curriculum {q}", (Window(start, end),)))

    courses = []
    for spec in specs:
        if not spec["lectures"]:
            continue
        cid = spec["id"]
        sessions = tuple(
            Session(
                f"{cid}-L{j}",
                cid,
                f"Subject {cid}: lecture {j + 1}",
                "lecture",
                2.0,
                lecturer_ids=(spec["teacher"], *sorted(spec["curricula"])),
                allowed_parts=PARTS,
                venue_ids=tuple(room.id for room in room_list),
                venue_capacity="soft",
            )
            for j in range(spec["lectures"])
        )
        group = Group(
            f"{cid}-G",
            tuple(session.id for session in sessions),
            title=f"Subject {cid}",
            spread_days=spec["min_days"],
            compact=True,
            one_venue=True,
        )
        courses.append(
            Course(
                cid,
                f"Subject {cid}",
                start,
                end,
                day_off=6,
                capacity=spec["students"],
                sessions=sessions,
                groups=(group,),
            )
        )
    reference = {f"{spec['id']}-L{j}": where for spec in specs for j, where in enumerate(planted[spec["id"]])}
    return Planted(
        Problem(tuple(courses), tuple(lecturers), tuple(room_list), seed=seed),
        {sid: slot for sid, (slot, _) in reference.items()},
        {sid: room for sid, (_, room) in reference.items()},
    )


def cb_small(seed: int = 11) -> Problem:
    """About 30 subjects and 100 lectures in 8 curricula, 6 rooms, two weeks."""
    return curriculum_instance(seed, subjects=30, curricula=8, teachers=20, rooms=6).problem


def cb_medium(seed: int = 12) -> Problem:
    """About 80 subjects and 300 lectures in 20 curricula, 12 rooms, two weeks."""
    return curriculum_instance(seed, subjects=80, curricula=20, teachers=50, rooms=12).problem


def cb_large(seed: int = 13) -> Problem:
    """About 110 subjects and 440 lectures in 36 curricula, 14 rooms, two weeks: the rooms are taken in about
    87 % of the slots (504 room slots), as in the largest public competition instances."""
    return curriculum_instance(seed, subjects=110, curricula=36, teachers=55, rooms=14).problem
