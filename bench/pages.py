"""Benchmark (not a test): the busiest pages, served by gunicorn on PostgreSQL, under concurrent clients.

    .venv/bin/python bench/pages.py            # about 1 minute
    .venv/bin/python bench/pages.py --quick    # under 60 seconds, shorter runs on the same data
    .venv/bin/python bench/pages.py --reuse    # keep the data of the previous run (no drop, no generation)
    .venv/bin/python bench/pages.py --smoke    # a check, not a measure: see below

``--smoke`` (run by tests/bench/test_smoke.py, so `make test` fails when this script breaks) does every
step on 2 courses, with 1 worker, 2 clients and half a second per target, on the database the
environment names: a new PostgreSQL database ``peixun_bench_smoke_<pid>`` on the server of
``PEIXUN_DATABASE_URL`` (dropped afterwards), or a temporary SQLite file when that is unset or SQLite.
It fails (exit 1) on any answer but 200 or a traceback in the server's log; its times mean nothing.

What it does:

1. (Re)creates the PostgreSQL database ``peixun_bench`` (``--pg`` names the server), migrates it and
   runs ``collectstatic`` into a temporary directory, all in production mode (``PEIXUN_DEBUG=0``,
   a random secret key; only the HTTPS redirect is off because the clients speak plain HTTP).
2. Fills it with the demo scaled to 50 courses of 55 confirmed officials (bench/_data.py: 3,100
   officials, 3,100 enrolments with waitlists and open nominations, 1,300 sessions) and logs a
   programme-staff user in by creating a session row; the clients send its ``sessionid`` cookie.
3. Starts gunicorn (sync workers, ``--workers``) on a free port of 127.0.0.1 with the app's own
   settings plus one trivial view (bench/settings_bench.py, bench/urls_bench.py).
4. Drives each target with ``--clients`` concurrent clients for a fixed time, after a short warm-up:
   the ceiling (a trivial Django view through the same middleware, same cookie), then the course
   page ``/courses/<id>/``, the roster ``/courses/<id>/roster/`` and the official search
   ``/officials/?q=...``, each request with another course or query. Any answer but 200 is an error.
5. Stops gunicorn (always) and prints one JSON document on stdout; progress goes to stderr.

The load generator runs on the same machine as gunicorn and PostgreSQL and takes part of the CPU.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "peixun_bench"
CEILING_PATH = "/__bench_ceiling__/"
TARGET_P95_MS = 100.0
TARGET_CEILING_FRACTION = 0.2
QUIET_OTHER_CORES = 0.25
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench/pages {time.perf_counter() - STARTED:5.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3-second runs; finishes within 60 seconds")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the previous run if it has data")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--duration", type=float, help="seconds measured per target (default 10, --quick 3)")
    parser.add_argument("--warmup", type=float, help="seconds of unmeasured load first (default 2, --quick 0.5)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument(
        "--database",
        default=DATABASE,
        help=f"the database dropped and made again (default {DATABASE}); another name keeps runs side by side apart",
    )
    parser.add_argument(
        "--cache",
        default="redis://127.0.0.1:6379/3",
        help="PEIXUN_CACHE_URL for the server, as deployed (sessions cached in Redis); '' for none",
    )
    parser.add_argument("--smoke", action="store_true", help="2 courses, 0.5 s per target: a check")
    args = parser.parse_args()
    args.sqlite = False
    if args.smoke:
        # The database the environment names (the test run's), under a name no other run uses.
        url = os.environ.get("PEIXUN_DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            args.pg = url.rsplit("/", 1)[0]
            args.database = f"peixun_bench_smoke_{os.getpid()}"
        else:
            args.sqlite = True
        args.quick, args.reuse, args.cache = True, False, ""
        args.clients, args.workers, args.duration, args.warmup = 2, 1, 0.5, 0.0
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        parser.error(f"--database {args.database!r}: lower-case letters, digits and underscores only")
    args.duration = args.duration or (3.0 if args.quick else 10.0)
    args.warmup = args.warmup if args.warmup is not None else (0.5 if args.quick else 2.0)
    return args


# --- database -----------------------------------------------------------------------------------


def prepare_database(server_url: str, reuse: bool) -> bool:
    """Create the benchmark database (dropping the old one unless reusing). True if it must be filled."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and reuse:
            with psycopg.connect(f"{server_url}/{DATABASE}") as bench:
                has_data = bench.execute("SELECT to_regclass('courses_course') IS NOT NULL").fetchone()[0]
                if has_data and bench.execute("SELECT EXISTS (SELECT 1 FROM courses_course)").fetchone()[0]:
                    log(f"reusing database {DATABASE}")
                    return False
        log(f"creating database {DATABASE}")
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    return True


def drop_database(server_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def server_version(server_url: str) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/{DATABASE}") as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def run_django(args: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"bench/pages.py: {what} failed (exit {result.returncode})")
    if result.stderr.strip():
        for line in result.stderr.strip().splitlines()[-3:]:
            log(f"  {line}")
    return result.stdout


# --- server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.log_file = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "peixun.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--backlog=2048",
            "--timeout=60",
            "--log-level=warning",
            f"--chdir={ROOT}",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench/pages.py: gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", CEILING_PATH, headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"bench/pages.py: gunicorn did not answer within {timeout:.0f}s:\n{self.tail()}")

    def tail(self) -> str:
        self.log_file.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log_file.close()


# --- CPU accounting ---------------------------------------------------------------------------


def cpu_snapshot(gunicorn_pid: int) -> dict:
    """CPU seconds so far: the whole machine (busy and total), ours, and each gunicorn and benchmark-database
    PostgreSQL process (other PostgreSQL sessions on the same server count as "other")."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    own = os.times()
    snapshot = {
        "total": sum(fields) / tick,
        "busy": (sum(fields) - fields[3] - fields[4]) / tick,
        "load_generator": own.user + own.system,
        "processes": {},
    }
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
            rest = stat[stat.rindex(")") + 2 :].split()
            pid, ppid = int(entry.name), int(rest[1])
            if pid == gunicorn_pid or ppid == gunicorn_pid:
                group = "gunicorn"
            elif stat[stat.index("(") + 1 : stat.rindex(")")] == "postgres":
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    if DATABASE.encode() not in f.read():
                        continue
                group = "postgres"
            else:
                continue
        except (OSError, ValueError, IndexError):
            continue
        snapshot["processes"][(group, pid)] = (int(rest[11]) + int(rest[12])) / tick
    return snapshot


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds used in between, by group, and the wall time; "other" is every other process on the machine."""
    used = {key: after[key] - before[key] for key in ("total", "busy", "load_generator")}
    for group in ("gunicorn", "postgres"):
        used[group] = sum(
            seconds - before["processes"].get(key, 0.0)
            for key, seconds in after["processes"].items()
            if key[0] == group
        )
    used["other"] = max(0.0, used["busy"] - used["gunicorn"] - used["postgres"] - used["load_generator"])
    used["wall"] = used.pop("total") / (os.cpu_count() or 1)
    return used


# --- load ---------------------------------------------------------------------------------------


def fetch(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def check(port: int, paths: list[str], headers: dict[str, str]) -> None:
    """One request per URL shape before timing: a redirect to the login page would make a fast, wrong benchmark."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        status, body = fetch(conn, path, headers)
        if status != 200:
            raise SystemExit(f"bench/pages.py: {path} answered {status}, not 200: {body[:300]!r}")
        if path != CEILING_PATH and b"Log out" not in body:
            raise SystemExit(f"bench/pages.py: {path} is not the page of a logged-in user")
    conn.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


def drive(
    port: int, paths: list[str], headers: dict[str, str], clients: int, warmup: float, duration: float, server_pid: int
) -> dict:
    """``clients`` threads, each with its own connection, request paths in turn for warmup + duration seconds."""
    start = time.perf_counter() + 0.05
    measure_from = start + warmup
    stop_at = measure_from + duration
    samples: list[list[tuple[float, float, int, int]]] = [[] for _ in range(clients)]
    failures: list[str] = []

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = index * 7919  # each client starts at another course or query
        while time.perf_counter() < start:
            time.sleep(0.001)
        while True:
            began = time.perf_counter()
            if began >= stop_at:
                break
            path = paths[n % len(paths)]
            n += 1
            try:
                status, body = fetch(conn, path, headers)
                size = len(body)
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, size = 0, 0
                if len(failures) < 5:
                    failures.append(f"{path}: {error!r}")
            ended = time.perf_counter()
            if began >= measure_from:
                samples[index].append((began, ended, status, size))
            if status != 200 and status != 0 and len(failures) < 5:
                failures.append(f"{path}: HTTP {status}")
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu_before = cpu_snapshot(server_pid)
    time.sleep(max(0.0, stop_at - time.perf_counter()))
    cpu_after = cpu_snapshot(server_pid)
    for thread in threads:
        thread.join()
    cpu = cpu_used(cpu_before, cpu_after)
    flat = [s for per_client in samples for s in per_client]
    latencies = sorted((ended - began) * 1000 for began, ended, _, _ in flat)
    elapsed = max((ended for _, ended, _, _ in flat), default=stop_at) - measure_from
    errors = sum(1 for _, _, status, _ in flat if status != 200)
    result = {
        "requests": len(flat),
        "rps": round(len(flat) / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "errors": errors,
        "avg_bytes": round(sum(size for *_, size in flat) / len(flat)) if flat else 0,
        # Average cores busy during the measured seconds: gunicorn, PostgreSQL, this load generator, the rest.
        "cores_used": {
            key: round(cpu[key] / cpu["wall"], 2) if cpu["wall"] > 0 else None
            for key in ("busy", "gunicorn", "postgres", "load_generator", "other")
        },
        "cpu_ms_per_request": {
            key: round(cpu[key] * 1000 / len(flat), 2) if flat else None
            for key in ("gunicorn", "postgres", "load_generator")
        },
    }
    if failures:
        result["error_samples"] = failures
    return result


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    global DATABASE
    args = parse_args()
    DATABASE = args.database
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop gunicorn
    tmp = Path(tempfile.mkdtemp(prefix="peixun-bench-"))
    try:
        return run(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.smoke and not args.sqlite:
            drop_database(args.pg)


def server_env(args: argparse.Namespace, tmp: Path, database: str) -> dict[str, str]:
    """The environment of the benchmark's Django commands and gunicorn: production settings, this run's
    database (``database`` on ``args.pg``, or a SQLite file in ``tmp``) and cache, files under ``tmp``."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("PEIXUN_")},
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "PYTHONPATH": str(ROOT),
        "PEIXUN_DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}" if args.sqlite else f"{args.pg}/{database}",
        "PEIXUN_DEBUG": "0",
        "PEIXUN_SECRET_KEY": secrets.token_urlsafe(50),
        "PEIXUN_ALLOWED_HOSTS": "127.0.0.1",
        "PEIXUN_SSL_REDIRECT": "0",
        "PEIXUN_CACHE_URL": args.cache,
        "PEIXUN_STATIC_ROOT": str(tmp / "static"),
        "PEIXUN_MEDIA_ROOT": str(tmp / "media"),
        "PEIXUN_DATA_DIR": str(tmp / "data"),
        "PEIXUN_LOG_LEVEL": "WARNING",
    }


def run(args: argparse.Namespace, tmp: Path) -> int:
    env = server_env(args, tmp, DATABASE)
    load_at_start = os.getloadavg()
    fill = True if args.sqlite else prepare_database(args.pg, args.reuse)
    log("migrate")
    run_django(["manage.py", "migrate", "--noinput"], env, "migrate")
    log("collectstatic")
    run_django(["manage.py", "collectstatic", "--noinput"], env, "collectstatic")
    log("generating data" if fill else "preparing session and URLs")
    scale = ["--courses", "2"] if args.smoke else []
    data = json.loads(
        run_django(["-m", "bench._data", *(["--generate"] if fill else []), *scale], env, "bench/_data.py")
    )
    log(f"data: {data['counts']}; SQL queries per page: {data['queries']}")

    headers = {
        "Host": "127.0.0.1",
        "Cookie": f"sessionid={data['session_key']}",  # sent over plain HTTP although the cookie is Secure
        "Accept-Language": "en",
        "User-Agent": "peixun-bench/1",
    }
    targets = [("ceiling", [CEILING_PATH])] + list(data["paths"].items())
    server = Gunicorn(env, args.workers, tmp / "gunicorn.log")
    results: dict[str, dict] = {}
    try:
        server.wait_ready()
        log(f"gunicorn ready on port {server.port} with {args.workers} sync workers")
        check(server.port, [paths[0] for _, paths in targets], headers)
        for name, paths in targets:
            log(f"{name}: {args.clients} clients, {args.warmup:g}s warm-up + {args.duration:g}s")
            results[name] = drive(
                server.port, paths, headers, args.clients, args.warmup, args.duration, server.process.pid
            )
            r = results[name]
            log(f"  {r['rps']} req/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, errors {r['errors']}")
            log(f"  cores used: {r['cores_used']}")
    finally:
        server.stop()
        log("gunicorn stopped")
    errors_in_log = server.log_path.read_text(errors="replace").count("Traceback")

    ceiling = results.pop("ceiling")
    pages = []
    problems = []
    for name, r in results.items():
        fraction = r["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
        page = {"name": name, **r, "ceiling_fraction": round(fraction, 3), "queries": data["queries"][name]}
        page["path_example"] = data["paths"][name][0]
        pages.append(page)
        if r["p95_ms"] >= TARGET_P95_MS:
            problems.append(f"{name}: p95 {r['p95_ms']} ms >= {TARGET_P95_MS:g} ms")
        if r["errors"]:
            problems.append(f"{name}: {r['errors']} errors")
        if fraction < TARGET_CEILING_FRACTION:
            problems.append(f"{name}: {fraction:.2f} of the ceiling's requests per second < {TARGET_CEILING_FRACTION}")
    counts = data["counts"]
    document = {
        "benchmark": "pages",
        "pages": pages,
        "ceiling": {"rps": ceiling["rps"], "p95_ms": ceiling["p95_ms"], **ceiling},
        "targets": {
            "p95_ms_below": TARGET_P95_MS,
            "min_ceiling_fraction": TARGET_CEILING_FRACTION,
            "errors": 0,
            "met": not problems,
            "missed": problems,
        },
        "dataset": {
            "name": f"demo scaled: {counts['courses']} courses of 55 confirmed officials",
            "reused": not data["generated"],
            **counts,
        },
        "setup": {
            "quick": args.quick,
            "clients": args.clients,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "server": f"gunicorn {args.workers} sync workers, PEIXUN_DEBUG=0, 127.0.0.1",
            "database": "SQLite (smoke)" if args.sqlite else f"PostgreSQL {server_version(args.pg)}",
            "sessions": f"cached in {args.cache}, backed by the database" if args.cache else "database",
            "user": "programme staff (sessionid cookie)",
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_generator": "same machine: Python threads with http.client",
            "server_tracebacks": errors_in_log,
            "load_average_at_start": [round(v, 2) for v in load_at_start],
            # Other processes (tests, editors) competing for the 2 cores make every number worse.
            "quiet_machine": all(r["cores_used"]["other"] < QUIET_OTHER_CORES for r in [ceiling, *results.values()]),
        },
        "seconds": round(time.perf_counter() - STARTED, 1),
    }
    if args.smoke:
        document["smoke"] = {
            "passed": not errors_in_log and not any(r["errors"] for r in [ceiling, *results.values()]),
            "requests": {name: r["requests"] for name, r in [("ceiling", ceiling), *results.items()]},
        }
    print(json.dumps(document, indent=2, ensure_ascii=False))
    if args.smoke and not document["smoke"]["passed"]:
        print(f"SMOKE FAILED: errors or server tracebacks: {problems}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
