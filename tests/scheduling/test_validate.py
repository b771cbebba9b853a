"""The independent checker: every hard rule, on plain data."""

from __future__ import annotations

import datetime

from peixun.scheduling import Lecturer, Module, Problem, Slot, Venue, Window, check_timetable

from .builders import DAY, START, anytime, course, session

MON, TUE, WED, THU, FRI, SAT, SUN = (START + i * DAY for i in range(7))


def codes(problem, slots, first_days=None) -> list[str]:
    return sorted(v.code for v in check_timetable(problem, slots, first_days or {}))


def test_a_good_timetable_has_no_violation():
    problem = Problem(
        (course(modules=[Module("M", "Energy", 2)], sessions=[session("S1", module="M"), session("S2")]),)
    )
    assert check_timetable(problem, {"S1": (MON, 1), "S2": (MON, 2)}, {"M": MON}) == []


def test_sessions_outside_the_course_on_its_day_off_or_in_a_forbidden_part():
    problem = Problem((course(sessions=[session("S1"), session("S2"), session("D", "dinner")]),))
    slots = {"S1": (START - DAY, 1), "S2": (SUN, 1), "D": (MON, 1)}
    assert codes(problem, slots) == ["day_off", "outside_course", "part_not_allowed"]


def test_missing_and_unknown_sessions():
    problem = Problem((course(sessions=[session("S1"), session("S2")]),))
    assert codes(problem, {"S1": (MON, 1), "S9": (MON, 2)}) == ["session_unassigned", "unknown_session"]


def test_a_class_a_lecturer_and_a_venue_in_one_place_at_a_time():
    venue = Venue("V", "Hall", capacity=100)
    a = course(cid="A", sessions=[session("A1", cid="A", lecturers=["L"], venue="V"), session("A2", cid="A")])
    b = course(cid="B", sessions=[session("B1", cid="B", lecturers=["L"], venue="V")])
    problem = Problem((a, b), (anytime("L"),), (venue,))
    slots = {"A1": (MON, 1), "A2": (MON, 1), "B1": (MON, 1)}
    assert codes(problem, slots) == ["class_clash", "lecturer_clash", "venue_clash"]


def test_lecturers_availability_and_busy_slots():
    lecturer = Lecturer("L", "Dr L", (Window(MON, TUE),), busy=(Slot(TUE, 2),))
    problem = Problem((course(sessions=[session("S1", lecturers=["L"]), session("S2", lecturers=["L"])]),), (lecturer,))
    violations = check_timetable(problem, {"S1": (WED, 1), "S2": (TUE, 2)})
    assert sorted(v.code for v in violations) == ["lecturer_busy", "lecturer_unavailable"]
    assert {v.params["lecturer_id"] for v in violations} == {"L"}


def test_venues_open_days_capacity_and_busy_slots():
    venue = Venue("V", "Plant", open_weekdays=(1,), capacity=10, busy=(Slot(TUE, 1),))
    problem = Problem(
        (course(capacity=40, sessions=[session("S1", venue="V"), session("S2", venue="V")]),), (), (venue,)
    )
    assert codes(problem, {"S1": (MON, 1), "S2": (TUE, 1)}) == [
        "venue_busy",
        "venue_closed",
        "venue_too_small",
        "venue_too_small",
    ]


def test_pinned_sessions_must_stay():
    problem = Problem((course(sessions=[session("S1", pinned=Slot(MON, 1))]),))
    assert codes(problem, {"S1": (MON, 2)}) == ["pinned_moved"]


def test_modules_on_consecutive_course_days_apart_in_order_with_their_sessions():
    modules = [Module("M1", "One", 3, order=1), Module("M2", "Two", 2, order=2), Module("M3", "Three", 2, order=3)]
    sessions = [session("S1", module="M1"), session("S2", module="M2")]
    problem = Problem((course(modules=modules, sessions=sessions, fixed_module_order=True),))
    slots = {"S1": (SAT + 2 * DAY, 1), "S2": (THU, 1)}  # the Monday after M1 (Sat, Mon, Tue: across the day off)
    violations = check_timetable(problem, slots, {"M1": SAT, "M2": TUE + 7 * DAY})  # M2 from M1's last day
    assert sorted(v.code for v in violations) == [
        "module_order",
        "module_overlap",
        "module_unplaced",
        "session_outside_module",
    ]


def test_module_starting_on_the_day_off_or_running_past_the_end():
    modules = [Module("M1", "One", 2), Module("M2", "Two", 3, first_day=MON)]
    problem = Problem((course(days=9, modules=modules),))
    last = START + 8 * DAY
    assert codes(problem, {}, {"M1": SUN, "M2": last}) == [
        "module_moved",
        "module_overruns_course",
        "module_start_not_course_day",
    ]


def test_violations_carry_ids_params_and_a_sentence():
    problem = Problem((course(sessions=[session("S1")]),))
    [violation] = check_timetable(problem, [("S1", SUN, 1)])
    assert violation.session_ids == ("S1",)
    assert violation.params["date"] == SUN.isoformat()
    assert "day off" in violation.message
    assert isinstance(violation.params["part"], int)
    assert SUN == datetime.date(2026, 3, 8)
