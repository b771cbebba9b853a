"""Benchmark: the timetable solver on generated instances, against a greedy baseline; ``--smoke`` is a check.

    .venv/bin/python bench/timetable.py              # every instance, 5 runs each (min/median/max), about 10 minutes
    .venv/bin/python bench/timetable.py --quick      # course-2w, course-4w, course-4w-infeasible, once: < 60 s
    .venv/bin/python bench/timetable.py --only course-4w --runs 10
    .venv/bin/python bench/timetable.py --smoke      # the check `make test` runs (tests/bench/): fails on a regression
    .venv/bin/python bench/timetable.py --write-instances DIR   # also save each problem as JSON

Instances (generated from a fixed seed, so every run solves the same problems):

- ``course-2w``: one 2-week course (12 course days, 3 modules, about 35 sessions).
- ``course-4w``: one 4-week course (24 course days, 6 modules in a fixed order, about 70 sessions,
  25 lecturers of whom 16 fly in for their module, 6 venues: 3 site-visit hosts open on some
  weekdays, a restaurant, an exhibition hall and a workshop studio; 5 partner dinners, 4 lunches,
  4 study groups, an exhibition, a pinned opening lecture; at most 6 class hours a day).
- ``academies-3x4``: 3 academies running 4 courses each in the same 5 weeks, sharing 60 lecturers.
- ``year-8x12``: 8 academies running 12 courses each over a year (2 or 3 weeks each, about 3,500
  sessions), sharing 150 lecturers (100 visiting, 50 resident).
- ``cb-small``, ``cb-medium``, ``cb-large``: curriculum-based instances (``bench/curriculum.py``): 30
  subjects in 8 curricula and 6 rooms, 80 subjects in 20 curricula and 12 rooms, 110 subjects in 36
  curricula and 14 rooms taken in 87 % of their slots, over two weeks; the goals spread, compactness,
  room stability and room capacity.
- ``course-4w-infeasible``: course-4w plus two visiting lecturers who fly in for the same single day
  with two lectures each (outside modules): four lectures for the three slots of that day. No single
  requirement is at fault, so the direct checks find nothing and the explanation comes from the
  solver (assumptions + deletion filter).

For each instance it prints: ``sessions``; ``status``; ``first_feasible_s`` (from the call to
``solve`` until the first timetable: greedy and model building included); ``solve_s`` (the whole
call); ``gap`` (objective minus bound over objective); ``objective``; ``goal_costs`` (the last
run's cost of each goal that costs anything); ``greedy_objective`` (the baseline's objective, null
when greedy fails to place every session); ``violations`` (hard rules
broken by the returned timetable, from the independent checker: always 0); for the infeasible
instance ``explain_s`` and the conflict codes; ``engine``: where the last run spent its time. With
several runs the single numbers are medians, and ``wall_s``, ``cpu_s`` (the process's CPU seconds,
every thread) and ``deterministic_time`` (CP-SAT's, summed over every solve of the call: the work
done, whatever the machine's load) give min, median and max; ``per_run`` lists each run. The
machine's load average is printed too: wall times under load say little. One JSON document on
stdout, progress on stderr.

``--smoke`` solves course-2w, course-4w and course-4w-infeasible once each, with a time limit
long enough that a busy machine does not cut the search short, and compares them with
bench/timetable_reference.json: it exits with 1 and says why when an instance's status is worse
than the reference's (optimal -> feasible or unknown, a feasible instance answered infeasible, an
infeasibility no longer proven), when a timetable breaks a hard rule, or when its deterministic time
is more than ``factor`` (3) times the reference's. ``--write-reference`` rewrites that file from a
smoke run, after a change that legitimately alters the engine's work.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.curriculum import cb_large, cb_medium, cb_small  # noqa: E402
from peixun.scheduling import (  # noqa: E402
    Course,
    Lecturer,
    Module,
    Problem,
    Session,
    Slot,
    Venue,
    Window,
    check_timetable,
    objective_of,
    solve,
)
from peixun.scheduling.greedy import greedy  # noqa: E402
from peixun.scheduling.io import problem_to_dict  # noqa: E402

DAY = datetime.timedelta(days=1)
TOPICS = [
    "Energy master planning",
    "Smart transportation",
    "Waste and water",
    "Eco-heritage tourism",
    "Climate-resilient design",
    "Pollution reduction",
    "Green financing",
    "Clean energy",
    "Sustainable lifestyles",
    "Circular economy",
    "Green buildings",
    "Eco-cities",
]
SURNAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kim", "Rossi", "Park"]


class Pool:
    """Lecturers and venues shared by the courses of an instance, with availability grown as modules need it."""

    def __init__(
        self, rng: random.Random, visiting: int, local: int, year_start: datetime.date, year_end: datetime.date
    ):
        self.rng = rng
        self.visiting_ids = [f"V{i:03d}" for i in range(visiting)]
        self.local_ids = [f"H{i:03d}" for i in range(local)]
        self.windows: dict[str, list[tuple[datetime.date, datetime.date]]] = {lid: [] for lid in self.visiting_ids}
        self.booked: dict[str, set[datetime.date]] = {lid: set() for lid in self.visiting_ids + self.local_ids}
        self.year = (year_start, year_end)
        self.pinned: dict[str, set[datetime.date]] = {}
        self.preferred = {
            lid: tuple(sorted(rng.sample(range(6), 4))) if rng.random() < 0.3 else () for lid in self.local_ids
        }

    def pick_visiting(self, dates: list[datetime.date], count: int, exclude: set[str]) -> list[str]:
        free = [lid for lid in self.visiting_ids if not (self.booked[lid] & set(dates)) and lid not in exclude]
        self.rng.shuffle(free)
        # Prefer lecturers already in China around these dates: fewer trips, as programme staff plan them.
        free.sort(key=lambda lid: min((abs((d - dates[0]).days) for d in self.booked[lid]), default=999))
        chosen = free[:count] if len(free) >= count else self.rng.sample(self.visiting_ids, count)
        for lid in chosen:
            self.booked[lid] |= set(dates)
            self.windows[lid].append((dates[0] - 2 * DAY, dates[-1] + 2 * DAY))
        return chosen

    def pick_local(self) -> str:
        return self.rng.choice(self.local_ids)

    def pick_local_on(self, day: datetime.date) -> str:
        """A local lecturer not yet pinned on that day."""
        lid = self.rng.choice([lid for lid in self.local_ids if day not in self.pinned.get(lid, set())])
        self.pinned.setdefault(lid, set()).add(day)
        return lid

    def lecturers(self) -> tuple[Lecturer, ...]:
        out = []
        for i, lid in enumerate(self.visiting_ids):
            merged: list[list[datetime.date]] = []
            for start, end in sorted(self.windows[lid]):
                if merged and start <= merged[-1][1] + DAY:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            out.append(
                Lecturer(
                    lid,
                    f"Dr {SURNAMES[i % len(SURNAMES)]} {lid}",
                    tuple(Window(a, b) for a, b in merged),
                    visiting=True,
                )
            )
        for i, lid in enumerate(self.local_ids):
            out.append(
                Lecturer(
                    lid,
                    f"Prof. {['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang'][i % 6]} {lid}",
                    (Window(*self.year),),
                    preferred_weekdays=self.preferred[lid],
                )
            )
        return tuple(out)


def shared_venues(rng: random.Random, prefix: str, sites: int) -> list[Venue]:
    venues = []
    for i in range(sites):
        open_days = tuple(sorted(rng.sample(range(6), rng.choice([3, 4, 5]))))
        venues.append(Venue(f"{prefix}S{i}", f"Site host {prefix}{i}", open_days, capacity=80))
    venues.append(Venue(f"{prefix}R", f"Restaurant {prefix}", tuple(range(7)), capacity=120))
    venues.append(Venue(f"{prefix}X", f"Exhibition hall {prefix}", (1, 2, 3, 4, 5), capacity=100))
    venues.append(Venue(f"{prefix}W", f"Workshop studio {prefix}", tuple(range(6)), capacity=60))
    return venues


def make_course(
    rng: random.Random,
    cid: str,
    start: datetime.date,
    weeks: int,
    pool: Pool,
    venues: list[Venue],
    *,
    modules: int | None = None,
) -> Course:
    """A course of ``weeks`` weeks from a Monday, Sundays off, feasible by construction (availability
    windows are grown around a reference placement of its modules)."""
    end = start + (7 * weeks - 2) * DAY  # the last Saturday
    days = [start + i * DAY for i in range((end - start).days + 1) if (start + i * DAY).weekday() != 6]
    n = len(days)
    count = modules or {2: 3, 3: 4, 4: 6}.get(weeks, weeks + 1)
    lengths = [rng.choice([3, 3, 4, 4, 5]) if weeks > 2 else rng.choice([3, 3, 4]) for _ in range(count)]
    while sum(lengths) > n - 3:
        lengths[lengths.index(max(lengths))] -= 1
    slack = n - 1 - sum(lengths)
    cursor = 1  # day 0: opening
    sites = [v for v in venues if "Site" in v.name]
    restaurant = next(v for v in venues if "Restaurant" in v.name)
    hall = next(v for v in venues if "Exhibition" in v.name)
    studio = next(v for v in venues if "Workshop" in v.name)
    module_list, sessions = [], []
    teaching: set[str] = set()

    def session(sid, title, fmt, hours, module=None, lecturers=(), venue=None, parts=(1, 2, 3), pinned=None):
        sessions.append(
            Session(
                f"{cid}-{sid}",
                cid,
                title,
                fmt,
                hours,
                module,
                tuple(lecturers),
                venue,
                tuple(parts),
                pinned,
            )
        )

    for k, length in enumerate(lengths):
        gap = rng.randint(0, min(1, slack))
        slack -= gap
        cursor += gap
        ref = days[cursor : cursor + length]
        cursor += length
        mid = f"{cid}-M{k}"
        topic = TOPICS[rng.randrange(len(TOPICS))]
        module_list.append(Module(mid, topic, length, order=k))
        visitors = pool.pick_visiting(ref, 3 if length >= 4 else 2, teaching)
        teaching |= set(visitors)
        local = pool.pick_local()
        lectures = 2 * length
        for j in range(lectures):
            who = visitors[j % len(visitors)] if j < lectures - 1 else local
            session(f"M{k}L{j}", f"{topic}: lecture {j + 1}", "lecture", 3.0, mid, [who])
        session(f"M{k}W", f"{topic}: workshop", "workshop", 3.0, mid, [visitors[0], local], studio.id)
        open_sites = [v for v in sites if any(d.weekday() in v.open_weekdays for d in ref)]
        if open_sites and rng.random() < 0.8:
            session(f"M{k}V", f"{topic}: site visit", "site_visit", 3.0, mid, [], rng.choice(open_sites).id)
    opening_lecturer = pool.pick_local_on(days[0])
    session("OPEN", "Opening lecture", "lecture", 3.0, None, [opening_lecturer], pinned=Slot(days[0], 1))
    for i in range(weeks + 1):
        session(f"D{i}", f"Partner dinner {i + 1}", "dinner", 0.0, None, [], restaurant.id, parts=(3,))
    for i in range(weeks):
        session(f"L{i}", f"Partner lunch {i + 1}", "lunch", 0.0, None, [], restaurant.id, parts=(1, 2))
    for i in range(weeks):
        session(f"G{i}", f"Study group {i + 1}", "workshop", 2.0, None, [pool.pick_local()])
    session("EXH", "Exhibition: city models", "exhibition", 2.0, None, [], hall.id, parts=(1, 2))
    session("CLOSE", "Closing session", "lecture", 2.0, None, [pool.pick_local()])
    return Course(
        cid,
        f"Course {cid}",
        start,
        end,
        day_off=6,
        capacity=rng.choice([40, 45, 50, 55]),
        fixed_module_order=True,
        max_class_hours_per_day=6,
        modules=tuple(module_list),
        sessions=tuple(sessions),
    )


def course_2w(seed: int = 1) -> Problem:
    rng = random.Random(seed)
    start = datetime.date(2026, 3, 2)
    pool = Pool(rng, 8, 6, start - 30 * DAY, start + 60 * DAY)
    venues = shared_venues(rng, "", 3)
    course = make_course(rng, "C2W", start, 2, pool, venues)
    return Problem((course,), pool.lecturers(), tuple(venues), seed=seed)


def course_4w(seed: int = 2) -> Problem:
    rng = random.Random(seed)
    start = datetime.date(2026, 3, 2)
    pool = Pool(rng, 16, 9, start - 30 * DAY, start + 60 * DAY)
    venues = shared_venues(rng, "", 3)
    course = make_course(rng, "C4W", start, 4, pool, venues)
    return Problem((course,), pool.lecturers(), tuple(venues), seed=seed)


def course_4w_infeasible(seed: int = 2) -> Problem:
    base = course_4w(seed)
    course = base.courses[0]
    day = course.start + 9 * DAY  # a Wednesday in the second week
    extra = []
    lecturers = list(base.lecturers)
    for i, name in enumerate(["Dr Amara Osei", "Dr Bruno Lindqvist"]):
        lid = f"LATE{i}"
        lecturers.append(Lecturer(lid, name, (Window(day, day),), visiting=True))
        for j in range(2):
            extra.append(
                Session(f"C4W-LATE{i}{j}", course.id, f"{name}: lecture {j + 1}", "lecture", 3.0, None, (lid,))
            )
    course = replace(course, sessions=course.sessions + tuple(extra))
    return Problem((course,), tuple(lecturers), base.venues, seed=seed)


def academies_3x4(seed: int = 3) -> Problem:
    rng = random.Random(seed)
    start = datetime.date(2026, 4, 6)
    pool = Pool(rng, 40, 20, start - 30 * DAY, start + 90 * DAY)
    courses, venues = [], []
    for a in range(3):
        academy_venues = shared_venues(rng, f"A{a}", 2)
        venues += academy_venues
        for c in range(4):
            weeks = rng.choice([2, 3, 4])
            begin = start + 7 * DAY * rng.randint(0, 4 - weeks + 1)
            courses.append(make_course(rng, f"A{a}C{c}", begin, weeks, pool, academy_venues))
    return Problem(tuple(courses), pool.lecturers(), tuple(venues), seed=seed)


def year_8x12(seed: int = 4) -> Problem:
    rng = random.Random(seed)
    year = datetime.date(2026, 1, 5)
    pool = Pool(rng, 100, 50, year, year + 400 * DAY)
    courses, venues = [], []
    for a in range(8):
        academy_venues = shared_venues(rng, f"A{a}", 2)
        venues += academy_venues
        monday = year + 7 * DAY * rng.randint(0, 2)
        for c in range(12):
            weeks = rng.choice([2, 2, 2, 3])
            courses.append(make_course(rng, f"A{a}C{c:02d}", monday, weeks, pool, academy_venues))
            monday += 7 * DAY * (weeks + rng.randint(0, 1))
    return Problem(tuple(courses), pool.lecturers(), tuple(venues), seed=seed)


INSTANCES = {
    "course-2w": (course_2w, 10.0),
    "course-4w": (course_4w, 10.0),
    "academies-3x4": (academies_3x4, 30.0),
    "year-8x12": (year_8x12, 60.0),
    "course-4w-infeasible": (course_4w_infeasible, 10.0),
    "cb-small": (cb_small, 20.0),
    "cb-medium": (cb_medium, 60.0),
    "cb-large": (cb_large, 60.0),
}
QUICK = ["course-2w", "course-4w", "course-4w-infeasible"]
SMOKE = QUICK
#: The smoke check's time limit per instance: far above what the instances need (about a second of
#: CPU each), so that a busy machine slows them down without cutting a search short.
SMOKE_TIME_LIMIT = 60.0
REFERENCE = Path(__file__).resolve().parent / "timetable_reference.json"
#: Better statuses first; an instance whose reference status is infeasible must stay infeasible.
RANK = {"optimal": 2, "feasible": 1, "unknown": 0}


def spread(values: list) -> dict | None:
    """min, median and max of the values that are not None."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {
        "min": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


def run_instance(name: str, problem: Problem, time_limit: float, workers: int, runs: int) -> dict:
    measured = []
    greedy_started = time.perf_counter()
    baseline = greedy(problem)
    greedy_s = time.perf_counter() - greedy_started
    greedy_objective = objective_of(problem, baseline.slots, venues=baseline.venues) if baseline.complete else None
    for i in range(runs):
        print(f"  {name}: run {i + 1}/{runs}", file=sys.stderr, flush=True)
        cpu_started = time.process_time()
        result = solve(problem, time_limit=time_limit, workers=workers)
        cpu_s = time.process_time() - cpu_started
        violations = (
            check_timetable(problem, result.slots(), result.module_first_days, venues=result.venues())
            if result.has_timetable
            else []
        )
        measured.append((result, len(violations), cpu_s))
    results = [r for r, _, _ in measured]

    def median(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 3) if values else None

    last = results[-1]
    row = {
        "name": name,
        "sessions": len(problem.sessions()),
        "courses": len(problem.courses),
        "lecturers": len(problem.lecturers),
        "venues": len(problem.venues),
        "status": statistics.mode([r.status for r in results]),
        "statuses": [r.status for r in results],
        "first_feasible_s": median([r.first_feasible_s for r in results]),
        "solve_s": median([r.wall_s for r in results]),
        "wall_s": spread([r.wall_s for r in results]),
        "cpu_s": spread([cpu for _, _, cpu in measured]),
        "deterministic_time": spread([r.stats.get("deterministic_time") for r in results]),
        "gap": median([r.gap for r in results]),
        "objective": median([r.objective for r in results]),
        "bound": median([r.bound for r in results]),
        "goal_costs": {goal: cost for goal, cost in sorted(last.goal_costs.items()) if cost},
        "greedy_objective": greedy_objective,
        "greedy_unplaced": len(baseline.unplaced),
        "greedy_s": round(greedy_s, 3),
        "violations": max(v for _, v, _ in measured),
        "time_limit": time_limit,
        "runs": runs,
        "per_run": [
            {
                "status": r.status,
                "objective": r.objective,
                "wall_s": r.wall_s,
                "cpu_s": round(cpu, 3),
                "deterministic_time": r.stats.get("deterministic_time"),
                "cpsat_solves": r.stats.get("cpsat_solves"),
            }
            for r, _, cpu in measured
        ],
        "engine": {
            k: last.stats.get(k)
            for k in (
                "phase_s",
                "module_solves",
                "compositions",
                "compositions_skipped",
                "sub_solves",
                "courses_proven",
                "explain_s",
                "passes_end_s",
                "construct",
                "construct_failed",
                "first_pass_courses",
                "further_passes",
                "lns_started_s",
                "lns",
                "lns_skipped",
            )
            if k in last.stats
        },
    }
    if last.status == "infeasible":
        row["explain_s"] = median([r.stats.get("explain_s") for r in results])
        row["conflicts"] = [
            {"code": c.code, "source": c.source, "minimal": c.minimal, "message": c.message} for c in last.explanation
        ]
    return row


def smoke_failures(rows: list[dict], reference: dict) -> list[str]:
    """What is worse than the reference, one sentence each (empty when the check passes)."""
    factor = reference["factor"]
    failures = []
    for row in rows:
        name = row["name"]
        expected = reference["instances"].get(name)
        if expected is None:
            failures.append(f"{name}: no reference for this instance (run --smoke --write-reference)")
            continue
        worst = min(row["statuses"], key=lambda status: RANK.get(status, -1))
        if expected["status"] == "infeasible":
            lost = [status for status in row["statuses"] if status != "infeasible"]
            if lost:
                failures.append(f"{name}: {lost[0]} where the reference is infeasible (no longer proven infeasible)")
        elif "infeasible" in row["statuses"]:
            failures.append(f"{name}: infeasible where the reference is {expected['status']} (a timetable exists)")
        elif RANK[worst] < RANK[expected["status"]]:
            failures.append(f"{name}: {worst} where the reference is {expected['status']}")
        if row["violations"]:
            failures.append(f"{name}: the timetable breaks {row['violations']} hard rules (check_timetable)")
        spent = row["deterministic_time"]["max"] if row["deterministic_time"] else None
        allowed = factor * expected["deterministic_time"]
        if spent is None:
            failures.append(f"{name}: no deterministic time in the engine's stats")
        elif spent > allowed:
            failures.append(
                f"{name}: CP-SAT deterministic time {spent:.3f}, more than {factor:g} x the reference's "
                f"{expected['deterministic_time']:.3f} (allowed {allowed:.3f})"
            )
    return failures


def write_reference(path: Path, rows: list[dict]) -> None:
    """Record the rows' instances in the reference file (the other instances it holds are kept)."""
    old = json.loads(path.read_text()) if path.exists() else {}
    reference = {
        "about": (
            "bench/timetable.py --smoke fails when an instance's status is worse than its status here, or "
            "when its CP-SAT deterministic time (summed over every solve, independent of the machine's load) "
            "is more than factor times the figure here. Rewrite with: bench/timetable.py --smoke --write-reference"
        ),
        "factor": old.get("factor", 3.0),
        "instances": {
            **old.get("instances", {}),
            **{
                row["name"]: {
                    "status": row["status"],
                    "objective": row["objective"],
                    "deterministic_time": row["deterministic_time"]["max"],
                    "cpsat_solves": row["per_run"][-1]["cpsat_solves"],
                }
                for row in rows
            },
        },
    }
    path.write_text(json.dumps(reference, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--quick", action="store_true", help="course-2w, course-4w and the infeasible one, once")
    modes.add_argument(
        "--smoke",
        action="store_true",
        help=f"the quick instances once, checked against {REFERENCE.name}: exit 1 on a regression",
    )
    parser.add_argument("--only", action="append", choices=list(INSTANCES), help="run only this instance (repeatable)")
    parser.add_argument(
        "--runs", "--repeat", dest="runs", type=int, default=None, help="runs per instance (default 5; --quick 1)"
    )
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2, the machine's cores)")
    parser.add_argument("--time-limit", type=float, default=None, help="override every instance's time limit")
    parser.add_argument("--write-instances", metavar="DIR", help="save each problem as JSON in DIR")
    parser.add_argument(
        "--reference",
        type=Path,
        default=REFERENCE,
        help=f"with --smoke: the reference file (default bench/{REFERENCE.name})",
    )
    parser.add_argument(
        "--write-reference", action="store_true", help="with --smoke: rewrite the reference from this run"
    )
    args = parser.parse_args(argv)
    if args.write_reference and not args.smoke:
        parser.error("--write-reference needs --smoke")
    reference_path = args.reference
    if args.smoke and not args.write_reference and not reference_path.exists():
        parser.error(f"{reference_path} does not exist: make it with --smoke --write-reference")
    names = args.only or (SMOKE if args.smoke else QUICK if args.quick else list(INSTANCES))
    runs = args.runs or (1 if args.quick or args.smoke else 5)
    started = time.perf_counter()
    rows = []
    for name in names:
        factory, limit = INSTANCES[name]
        if args.smoke:
            limit = SMOKE_TIME_LIMIT
        problem = factory()
        if args.write_instances:
            Path(args.write_instances).mkdir(parents=True, exist_ok=True)
            (Path(args.write_instances) / f"{name}.json").write_text(json.dumps(problem_to_dict(problem), indent=1))
        print(f"{name}: {len(problem.sessions())} sessions", file=sys.stderr, flush=True)
        rows.append(run_instance(name, problem, args.time_limit or limit, args.workers, runs))
    doc = {
        "instances": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": _load_average(),
            "python": platform.python_version(),
            "ortools": _ortools_version(),
        },
        "wall_s": round(time.perf_counter() - started, 1),
    }
    status = 0
    if args.smoke:
        if args.write_reference:
            write_reference(reference_path, rows)
            print(f"wrote {reference_path}", file=sys.stderr)
        failures = smoke_failures(rows, json.loads(reference_path.read_text()))
        doc["smoke"] = {"reference": str(reference_path), "passed": not failures, "failures": failures}
        status = 1 if failures else 0
    print(json.dumps(doc, indent=2))
    if args.smoke:
        for row in rows:
            det = row["deterministic_time"]["max"] if row["deterministic_time"] else None
            print(
                f"smoke: {row['name']}: {row['status']}, deterministic time {det}, "
                f"{row['cpu_s']['max']} CPU s, {row['wall_s']['max']} s",
                file=sys.stderr,
            )
        for failure in doc["smoke"]["failures"]:
            print(f"SMOKE FAILED: {failure}", file=sys.stderr)
        if status:
            print(
                f"smoke: if the change is meant to do this, rewrite {reference_path} with --smoke --write-reference "
                "and say why in the commit (docs/benchmarks.md)",
                file=sys.stderr,
            )
        else:
            print(f"smoke: every instance as good as {reference_path}", file=sys.stderr)
    return status


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _ortools_version() -> str:
    import ortools

    return ortools.__version__


if __name__ == "__main__":
    sys.exit(main())
