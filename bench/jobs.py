"""Benchmark (not a test): background jobs through a real Celery worker and Redis, beside the same work in-process.

    .venv/bin/python bench/jobs.py                 # 2,000 jobs, a worker of 2 processes, on PostgreSQL
    .venv/bin/python bench/jobs.py --database sqlite
    .venv/bin/python bench/jobs.py --smoke         # 20 jobs on the environment's database: a check
    # also: --jobs N, --concurrency N (the worker's processes, 2), --redis URL (PEIXUN_BENCH_REDIS_URL, else
    #       PEIXUN_TEST_REDIS_URL, else redis://127.0.0.1:6379/14), --pg URL (postgres://postgres@127.0.0.1:5432)

What it does:

1. Creates its own database (PostgreSQL ``peixun_jobs_bench_<pid>`` on ``--pg``'s server, or a temporary
   SQLite file), builds it with the migrations, and removes it afterwards.
2. ``in_process``: starts ``--jobs`` trivial jobs (``bench.noop`` in bench/jobs_app.py: one progress report,
   a small result) through ``peixun.jobs.services.start`` with no broker, so each runs in this process
   right after its commit, as in ``make run``: the job's rows written, claimed, run and finished.
3. ``worker``: starts one ``celery worker`` (``--concurrency`` processes) on a queue of its own in Redis,
   waits until it has run a first job, then starts ``--jobs`` jobs through the same service, now sent to
   the broker after each commit, and waits until the worker has finished them all. Jobs per second is
   the number of jobs over the time from the first start to the last finish; ``overhead_ms_per_job`` is
   what the queue adds to each job against the in-process run.
4. ``enqueue_ms``: how long each of those ``start`` calls took, which is what a request waits before it
   can answer "started" (the job's row, its audit row, the commit and the message to Redis). The target:
   95 % of them under 20 ms.
5. ``round_trips``: what one ``SELECT 1``, one durable commit and one Redis PING cost on the machine at
   that moment, and the load average, to read the rest by: starting a job is about seven exchanges with
   the database (transaction, savepoint, the job's row, the audit row, commit) and one with Redis.
6. Prints one JSON document on stdout (progress on stderr).

``--smoke`` (tests/bench/test_smoke.py, so `make test` fails when this script breaks) runs 20 jobs each
way on the database the environment names (PostgreSQL when ``PEIXUN_DATABASE_URL`` is one, else SQLite)
and checks that every job succeeded; its times mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTED = time.perf_counter()
ENQUEUE_TARGET_MS = 20.0


def log(message: str) -> None:
    print(f"[bench/jobs {time.perf_counter() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument(
        "--redis",
        default=os.environ.get("PEIXUN_BENCH_REDIS_URL")
        or os.environ.get("PEIXUN_TEST_REDIS_URL")
        or "redis://127.0.0.1:6379/14",
    )
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--smoke", action="store_true", help="20 jobs on the environment's database: a check")
    args = parser.parse_args()
    if args.smoke:
        url = os.environ.get("PEIXUN_DATABASE_URL", "")
        args.database = "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        if args.database == "postgres":
            args.pg = url.rsplit("/", 1)[0]
        args.jobs = 20
    args.name = f"peixun_jobs_bench_{os.getpid()}"
    args.sqlite_path = Path(tempfile.gettempdir()) / f"{args.name}.sqlite3"
    # A queue of this run's own: the PostgreSQL and the SQLite test passes may smoke at once on one Redis.
    args.queue = f"bench-jobs-{os.getpid()}"
    return args


def database_url(args: argparse.Namespace) -> str:
    return f"{args.pg}/{args.name}" if args.database == "postgres" else f"sqlite:///{args.sqlite_path}"


def create_database(args: argparse.Namespace) -> None:
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {args.name}")


def remove_database(args: argparse.Namespace) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110 (Django may not be set up yet)
        pass
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.name} WITH (FORCE)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite_path}{suffix}").unlink(missing_ok=True)


def setup_django(args: argparse.Namespace) -> None:
    os.environ["PEIXUN_DATABASE_URL"] = database_url(args)
    os.environ.pop("PEIXUN_BROKER_URL", None)
    os.environ.pop("PEIXUN_CACHE_URL", None)
    # Production mode, as deployed: no query log kept by the cursor wrapper.
    os.environ["PEIXUN_DEBUG"] = "0"
    os.environ.setdefault("PEIXUN_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["PEIXUN_DATA_DIR"] = tempfile.mkdtemp(prefix="peixun-jobs-bench-")
    os.environ["PEIXUN_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peixun.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def start_jobs(count: int, actor, offset: int = 0) -> tuple[list[int], list[float]]:
    """Start ``count`` trivial jobs; their ids and how long each start took (ms)."""
    from peixun.jobs import services

    ids, times = [], []
    for n in range(count):
        began = time.perf_counter()
        job = services.start("bench.noop", actor=actor, params={"n": offset + n})
        times.append((time.perf_counter() - began) * 1000)
        ids.append(job.pk)
    return ids, times


def finished(ids: list[int]) -> tuple[int, int]:
    """(how many of ``ids`` have finished, how many of those succeeded)."""
    from peixun.jobs.enums import UNFINISHED, JobState
    from peixun.jobs.models import Job

    done = Job.objects.filter(pk__in=ids).exclude(state__in=UNFINISHED)
    return done.count(), done.filter(state=JobState.SUCCEEDED).count()


def wait_for(ids: list[int], worker: subprocess.Popen, log_path: Path, timeout: float) -> float:
    """Wait until every job of ``ids`` has finished; the moment (perf_counter) it was seen."""
    deadline = time.monotonic() + timeout
    while True:
        count, _ = finished(ids)
        if count == len(ids):
            return time.perf_counter()
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"bench/jobs.py: the worker finished {count} of {len(ids)} jobs\n{log_path.read_text()}")
        time.sleep(0.01)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(times: list[float]) -> dict:
    return {
        "median": round(statistics.median(times), 2),
        "p95": round(percentile(times, 0.95), 2),
        "max": round(max(times), 2),
    }


def round_trips(args: argparse.Namespace, count: int = 50) -> dict:
    """What one exchange with each server costs on this machine now, to read the other figures by: a
    ``SELECT 1``, a one-row INSERT committed on its own (a durable commit), and a Redis PING (ms, medians)."""
    import redis
    from django.db import connection, transaction

    def median_ms(function) -> float:
        times = []
        for _ in range(count):
            began = time.perf_counter()
            function()
            times.append((time.perf_counter() - began) * 1000)
        return round(statistics.median(times), 2)

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def insert_and_commit():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_jobs_probe (n) VALUES (1)")

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_jobs_probe (n integer)")
    client = redis.Redis.from_url(args.redis)
    found = {
        "database_select_ms": median_ms(select_one),
        "database_commit_ms": median_ms(insert_and_commit),
        "redis_ping_ms": median_ms(client.ping),
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_jobs_probe")
    return found


def start_worker(args: argparse.Namespace, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PEIXUN_BROKER_URL": args.redis, "PEIXUN_DB_CONN_MAX_AGE": "60"}
    command = [sys.executable, "-m", "celery", "-A", "bench.jobs_app", "worker", "-Q", args.queue, "-l", "warning"]
    command += [f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log_path.open("w") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)


def run(args: argparse.Namespace) -> dict:
    from django.conf import settings
    from django.db import connection

    import bench.jobs_app  # noqa: F401  (registers bench.noop in this process too)
    from peixun.celery import app
    from peixun.core.models import User

    actor = User.objects.create(username="bench-jobs", role="staff")
    load_at_start = [round(v, 2) for v in os.getloadavg()]
    baseline = round_trips(args)

    log(f"in-process: {args.jobs} jobs")
    began = time.perf_counter()
    in_process_ids, in_process_times = start_jobs(args.jobs, actor)
    in_process_seconds = time.perf_counter() - began
    in_process_ok = finished(in_process_ids)[1]

    settings.PEIXUN_BROKER_URL = args.redis
    app.conf.broker_url = args.redis
    app.conf.task_default_queue = args.queue
    log_path = Path(os.environ["PEIXUN_DATA_DIR"]) / "worker.log"
    worker = start_worker(args, log_path)
    try:
        log("waiting for the worker to run a first job")
        warm_up, _ = start_jobs(1, actor, offset=-1)
        wait_for(warm_up, worker, log_path, timeout=120)
        log(f"through the worker: {args.jobs} jobs")
        began = time.perf_counter()
        worker_ids, enqueue_times = start_jobs(args.jobs, actor, offset=args.jobs)
        enqueued = time.perf_counter()
        ended = wait_for(worker_ids, worker, log_path, timeout=max(120, args.jobs))
        worker_ok = finished(worker_ids)[1]
    finally:
        stop_worker(worker)
        import redis

        redis.Redis.from_url(args.redis).delete(args.queue)
    worker_seconds = ended - began

    in_process_rate = args.jobs / in_process_seconds
    worker_rate = args.jobs / worker_seconds
    enqueue = summary(enqueue_times)
    return {
        "smoke": args.smoke,
        "database": connection.vendor,
        "jobs": args.jobs,
        "in_process": {
            "jobs_per_second": round(in_process_rate, 1),
            "ms_per_job": round(1000 / in_process_rate, 2),
            "succeeded": in_process_ok,
            "start_ms": summary(in_process_times),
        },
        "worker": {
            "concurrency": args.concurrency,
            "jobs_per_second": round(worker_rate, 1),
            "ms_per_job": round(1000 / worker_rate, 2),
            "enqueue_seconds": round(enqueued - began, 3),
            "succeeded": worker_ok,
        },
        "overhead_ms_per_job": round(1000 / worker_rate - 1000 / in_process_rate, 2),
        "enqueue_ms": enqueue,
        "targets": {"enqueue_p95_ms": ENQUEUE_TARGET_MS, "met": enqueue["p95"] < ENQUEUE_TARGET_MS},
        "round_trips": baseline,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(v, 2) for v in os.getloadavg()],
        },
    }


def main() -> int:
    args = parse_args()
    create_database(args)
    try:
        setup_django(args)
        result = run(args)
    finally:
        remove_database(args)
    print(json.dumps(result, indent=1))
    failed = result["in_process"]["succeeded"] != args.jobs or result["worker"]["succeeded"] != args.jobs
    if failed:
        log("some jobs did not succeed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
