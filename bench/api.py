"""Benchmark (not a test): the same data through the API and through the pages, on one gunicorn, in one run.

    .venv/bin/python bench/api.py            # about 2 minutes
    .venv/bin/python bench/api.py --quick    # shorter runs on the same data
    .venv/bin/python bench/api.py --smoke    # a check, not a measure (tests/bench/test_smoke.py)

What it does (the machinery of bench/pages.py: database, gunicorn, the clients):

1. (Re)creates the PostgreSQL database ``peixun_bench_api``, migrates it, collects the static files and fills
   it with bench/_data.py's demo (50 courses of 55 confirmed officials); bench/_api_data.py copies courses
   until there are 110, so a page of 100 is full, makes the staff user's API token and counts the SQL
   queries of each target and of each API list at page sizes 10, 50, 100 and 200.
2. Starts gunicorn (sync workers) and drives each target with ``--clients`` concurrent clients in turn:
   ``api_courses_100`` (``/api/v1/courses/?page_size=100``, Bearer token) against ``page_courses`` (the
   course list, 25 a page: pages 1 to 4 for the same 100 courses); ``api_course_detail`` (a course with its
   modules and sessions); ``api_roster`` (its 55 confirmed nominations) against ``page_roster`` (the roster
   page of its 55 officials); ``api_compliance_unit`` (the compliance rows of the sending unit with the most
   officials, 100 a page) against ``page_compliance_unit`` (the compliance report of that unit, 50 a page);
   ``api_certificates_100``. Requests per second and, for the lists, rows per second.
3. Prints one JSON document. The token's allowance (``PEIXUN_API_RATE``) is raised for the run: throttling
   is not what is measured.

``--smoke``: 2 demo courses and 110 in all, 1 worker, 2 clients, half a second per target, on the database
the environment names (a temporary SQLite file, or a PostgreSQL database of its own dropped afterwards).
It fails (exit 1) on an answer but 200, a traceback in the server's log, or an API list whose SQL queries
grow with its page size.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import pages  # noqa: E402

ROOT = pages.ROOT
DATABASE = "peixun_bench_api"
#: Officials on a page of the compliance report (peixun/records/lists.py).
COMPLIANCE_PAGE = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3-second runs")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--duration", type=float, help="seconds measured per target (default 10, --quick 3)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/4", help="PEIXUN_CACHE_URL; '' for none")
    parser.add_argument("--smoke", action="store_true", help="tiny data, half a second per target: a check")
    args = parser.parse_args()
    args.sqlite, args.database = False, DATABASE
    if args.smoke:
        url = os.environ.get("PEIXUN_DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            args.pg = url.rsplit("/", 1)[0]
            args.database = f"peixun_bench_api_smoke_{os.getpid()}"
        else:
            args.sqlite = True
        args.quick, args.cache = True, ""
        args.clients, args.workers, args.duration = 2, 1, 0.5
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        parser.error(f"database name {args.database!r}: lower-case letters, digits and underscores only")
    args.duration = args.duration or (3.0 if args.quick else 10.0)
    args.warmup = 0.0 if args.smoke else (0.5 if args.quick else 2.0)
    return args


def check(port: int, paths: list[str], headers: dict[str, str], *, api: bool) -> None:
    """One request per URL before timing: a refusal or a login page would make a fast, wrong benchmark."""
    if not api:
        pages.check(port, paths, headers)
        return
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        status, body = pages.fetch(conn, path, headers)
        if status != 200 or not body.startswith(b"{"):
            raise SystemExit(f"bench/api.py: {path} answered {status}, not 200 with JSON: {body[:300]!r}")
    conn.close()


def main() -> int:
    args = parse_args()
    pages.DATABASE = args.database  # pages' database helpers work on this run's database
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="peixun-bench-api-"))
    try:
        return run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.smoke and not args.sqlite:
            pages.drop_database(args.pg)


def run(args: argparse.Namespace, tmp: Path) -> int:
    # The token's allowance is raised: throttling is not what is measured.
    env = {**pages.server_env(args, tmp, args.database), "PEIXUN_API_RATE": "1000000/minute"}
    if not args.sqlite:
        pages.prepare_database(args.pg, reuse=False)
    pages.log("migrate")
    pages.run_django(["manage.py", "migrate", "--noinput"], env, "migrate")
    pages.log("collectstatic")
    pages.run_django(["manage.py", "collectstatic", "--noinput"], env, "collectstatic")
    pages.log("generating data")
    scale = ["--courses", "2"] if args.smoke else []
    data = json.loads(pages.run_django(["-m", "bench._data", "--generate", *scale], env, "bench/_data.py"))
    api_data = json.loads(pages.run_django(["-m", "bench._api_data", "--courses", "110"], env, "bench/_api_data.py"))
    pages.log(f"SQL queries per target: {api_data['queries']}; by page size: {api_data['queries_by_page_size']}")

    common = {"Host": "127.0.0.1", "Accept-Language": "en", "User-Agent": "peixun-bench/1"}
    api_headers = {**common, "Authorization": f"Bearer {api_data['token']}"}
    page_headers = {**common, "Cookie": f"sessionid={data['session_key']}"}
    server = pages.Gunicorn(env, args.workers, tmp / "gunicorn.log")
    results: dict[str, dict] = {}
    try:
        server.wait_ready()
        pages.log(f"gunicorn ready on port {server.port} with {args.workers} sync workers")
        for name, paths in api_data["paths"].items():
            headers = api_headers if name.startswith("api_") else page_headers
            check(server.port, paths, headers, api=name.startswith("api_"))
            pages.log(f"{name}: {args.clients} clients, {args.warmup:g}s warm-up + {args.duration:g}s")
            result = pages.drive(
                server.port, paths, headers, args.clients, args.warmup, args.duration, server.process.pid
            )
            rows = {
                "api_courses_100": 100,
                "page_courses": 25,
                "api_roster": api_data["roster_confirmed"],
                "page_roster": api_data["roster_confirmed"],
                "api_compliance_unit": min(100, api_data["unit_officials"]),
                "page_compliance_unit": min(COMPLIANCE_PAGE, api_data["unit_officials"]),
            }.get(name)
            if rows:
                result["rows_per_request"] = rows
                result["rows_per_s"] = round(result["rps"] * rows, 1)
            result["queries"] = api_data["queries"][name]
            result["path_example"] = paths[0]
            results[name] = result
            pages.log(f"  {result['rps']} req/s, p95 {result['p95_ms']} ms, errors {result['errors']}")
    finally:
        server.stop()
        pages.log("gunicorn stopped")
    tracebacks = server.log_path.read_text(errors="replace").count("Traceback")

    flat = {resource: len(set(by_size.values())) == 1 for resource, by_size in api_data["queries_by_page_size"].items()}
    errors = sum(result["errors"] for result in results.values())
    document = {
        "benchmark": "api",
        "targets": results,
        "queries_by_page_size": api_data["queries_by_page_size"],
        "queries_flat_with_page_size": flat,
        "comparisons": {
            "courses_100_api_vs_pages_rows_per_s": [
                results["api_courses_100"].get("rows_per_s"),
                results["page_courses"].get("rows_per_s"),
            ],
            "roster_api_vs_page_rps": [results["api_roster"]["rps"], results["page_roster"]["rps"]],
            "unit_compliance_api_vs_page_rows_per_s": [
                results["api_compliance_unit"].get("rows_per_s"),
                results["page_compliance_unit"].get("rows_per_s"),
            ],
        },
        "dataset": {
            **data["counts"],
            "courses": api_data["courses"],
            "courses_copied": api_data["courses_copied"],
            "roster_confirmed": api_data["roster_confirmed"],
            "unit_officials": api_data["unit_officials"],
        },
        "setup": {
            "smoke": args.smoke,
            "clients": args.clients,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "server": f"gunicorn {args.workers} sync workers, PEIXUN_DEBUG=0, 127.0.0.1",
            "database": "SQLite (smoke)" if args.sqlite else f"PostgreSQL {pages.server_version(args.pg)}",
            "cache": args.cache or "local memory",
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "server_tracebacks": tracebacks,
        },
        "seconds": round(time.perf_counter() - pages.STARTED, 1),
    }
    passed = not tracebacks and not errors and all(flat.values())
    document["passed"] = passed
    print(json.dumps(document, indent=2, ensure_ascii=False))
    if not passed:
        print(f"FAILED: errors {errors}, tracebacks {tracebacks}, flat {flat}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
