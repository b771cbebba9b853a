"""Command line: ``python -m peixun.scheduling solve PROBLEM.json [--time-limit S] [--workers N] [--seed N]``.

Prints one JSON result document on stdout and exits 0 whatever the status (optimal, feasible,
infeasible, unknown). A malformed problem prints ``error: <field path>: <reason>`` on stderr and
exits 2; so do bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from .io import dumps_result, load_problem
from .problem import ProblemError
from .solver import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, solve


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m peixun.scheduling", description="Peixun timetable solver.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("solve", help="solve a problem file and print the result as JSON")
    run.add_argument("problem", help="problem file (JSON, see docs/timetable-format.md)")
    run.add_argument("--time-limit", type=_positive_float, default=DEFAULT_TIME_LIMIT, help="seconds (default 30)")
    run.add_argument("--workers", type=_positive_int, default=DEFAULT_WORKERS, help="CP-SAT search workers (default 2)")
    run.add_argument("--seed", type=int, default=None, help="random seed (default: the problem's, else 0)")
    run.add_argument("--no-prechecks", action="store_true", help="explain infeasibility with the solver alone")
    run.add_argument("--compact", action="store_true", help="print the JSON on one line")
    args = parser.parse_args(argv)
    try:
        problem = load_problem(args.problem)
        result = solve(
            problem,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            prechecks=not args.no_prechecks,
        )
    except ProblemError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(dumps_result(result, indent=None if args.compact else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
