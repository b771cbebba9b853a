"""Benchmark (not a test): compliance with the training rules on a national ledger, beside hand-written SQL.

    .venv/bin/python bench/ledger.py                     # PostgreSQL, 1,000,000 officials, 10,000,000 entries
    .venv/bin/python bench/ledger.py --reuse             # keep the data an earlier run generated (same size)
    .venv/bin/python bench/ledger.py --quick             # 100,000 officials: under 60 s
    .venv/bin/python bench/ledger.py --database sqlite   # SQLite, 100,000 officials (--quick: 20,000)
    .venv/bin/python bench/ledger.py --reuse --set jit=off   # a PostgreSQL setting for the measuring connection
    .venv/bin/python bench/ledger.py --quick --reuse --explain   # also EXPLAIN ANALYZE each query (stderr)
    .venv/bin/python bench/ledger.py --smoke             # 2,000 officials on the environment's database: a check
    # also: --officials N, --samples N (officials timed one by one; 200, --quick 60), --repeat N (5, --quick 3;
    #       the national summary at most 3, --quick 2), --pg URL (postgres://postgres@127.0.0.1:5432),
    #       --sqlite-path PATH

What it does:

1. Creates its own database: on PostgreSQL ``peixun_ledger_bench_<officials>`` (dropped and made
   again unless ``--reuse`` finds a complete one of the same size and generator version); on SQLite a
   file in the temporary directory. Builds the schema with the project's migrations (``migrate``;
   they also add the two default rules: 12 days or 90 class hours a year, 90 days or 550 class hours
   per 5 years of service).
2. Generates the data with a fixed seed (numpy, which OR-Tools already brings): 200 sending units,
   one of them with exactly 5,000 officials (the unit of the report), the rest shared unevenly;
   service began on random days from 1985 to 2024 (1 % unknown); 10 ledger entries per official
   dated from 2015 (or the start of service) to the day of the report, 3 to 40 class hours, of which
   about 2 % are corrections reversing the official's previous entry (same date, negative hours, a
   reason). Rows are in date order, as an append-only ledger grows. Also 100 courses from just before
   the day of the report into 2027 (26 sessions each, 2 of them dinners with no class hours), 55
   confirmed officials each (60 courses from the report's unit, 40 from anywhere), and attendance
   for the running courses' sessions so far: the planned-hours subqueries find real work.
   PostgreSQL is loaded with ``COPY`` after dropping the two tables' secondary indexes and foreign
   keys, which are then built again exactly as the migrations made them (the foreign keys validated);
   then ``VACUUM ANALYZE`` (index-only scans need the visibility map). SQLite gets ``executemany``
   in one transaction.
3. Times, through the app's own functions, each beside hand-written SQL computing the same figures
   in one query (the ceiling; run with a cursor, all rows fetched; the rules' thresholds are given
   to it as parameters, while the app reads the active rules each call):
   * ``official``: ``compliance.compliance_of(Official.objects.filter(pk=...), as_of=...)`` for
     ``--samples`` different officials (median), both active rules; the hand-written query reads
     the official's entries once for both rules and the planned sessions once (LATERAL joins);
   * ``unit_report``: the same for ``Official.objects.filter(sending_unit=unit)``, 5,000 officials;
   * ``national_summary``: ``compliance.national_summary(years)`` over every year in the ledger.
     Several hand-written forms are each run once (one GROUP BY official and year; per-official
     sums side by side, in numeric and in integer hundredths; year by year on PostgreSQL) and the
     fastest is the ceiling.
   Each pair runs alternately after a warm-up (medians); the unit report and the national summary
   start each run from a collected heap (``gc.collect()``), without the previous run's results alive.
   ``orm_sql_ms`` is the app's own SQL run
   with a cursor, which tells database time from Python time (``sql_ratio``). The figures of both
   sides are compared (every sampled official, every official of the unit, every year, every
   hand-written form) and the run stops if they differ. ``cpu`` says how busy the machine was while
   a query was timed: colleagues' test runs share the 2 cores (``other_cores``).
4. Prints one JSON document on stdout (progress on stderr): per query ``ms``, ``raw_ms``, ``ratio``,
   ``orm_sql_ms``, ``sql_ratio``, ``rows``, ranges, ``cpu``; the targets met and missed; the setup
   (times of each loading step); versions and the PostgreSQL settings that matter here.

``--smoke`` (run by tests/bench/test_smoke.py, so `make test` fails when this script breaks) does every
step on 2,000 officials (a report unit of 500, 20 units, 10 courses), one run of each measure, on the
database the environment names: a new PostgreSQL database ``peixun_ledger_bench_smoke_<pid>`` on the
server of ``PEIXUN_DATABASE_URL``, or a temporary SQLite file when that is unset or SQLite; either is
removed afterwards. The figures of the app and of the hand-written SQL must still agree; the times
mean nothing.

Targets (PostgreSQL, 1,000,000 officials, this 2-core machine): one official under 20 ms, the unit's
report under 300 ms, the national summary under 5 s, each within 1.5 times its hand-written query.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STARTED = time.perf_counter()
SEED = 20261128
GENERATOR_VERSION = 3
AS_OF = datetime.date(2026, 9, 30)
LEDGER_FROM = datetime.date(2015, 1, 1)
ENTRIES_PER_OFFICIAL = 10
CORRECTION_SHARE = 0.02
UNITS = 200
REPORT_UNIT_SIZE = 5000
REPORT_UNIT_NAME = "Report unit (5,000 officials)"
COURSES = 100  # 60 of them for the report's unit
CAPACITY = 55
TARGETS_MS = {"official": 20.0, "unit_report": 300.0, "national_summary": 5000.0}
TARGET_RATIO = 1.5
QUIET_OTHER_CORES = 0.25  # a measurement is "quiet" when other processes took at most this much CPU


def log(message: str) -> None:
    print(f"[bench/ledger {time.perf_counter() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--quick", action="store_true", help="fewer officials and repeats: under 60 s")
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run of the same size")
    parser.add_argument("--officials", type=int, help="officials to generate (default 1,000,000; see --quick)")
    parser.add_argument("--samples", type=int, help="officials timed one by one (default 200, --quick 60)")
    parser.add_argument("--repeat", type=int, help="runs of the unit report and the summary (default 5, --quick 3)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query to stderr")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL setting for the measuring connection, e.g. jit=off (repeatable)",
    )
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--sqlite-path", type=Path, help="SQLite file (default: in the temporary directory)")
    parser.add_argument("--smoke", action="store_true", help="2,000 officials on the environment's database: a check")
    args = parser.parse_args()
    if args.smoke:
        global REPORT_UNIT_SIZE, UNITS, COURSES
        REPORT_UNIT_SIZE, UNITS, COURSES = 500, 20, 10
        url = os.environ.get("PEIXUN_DATABASE_URL", "")
        args.database = "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        if args.database == "postgres":
            args.pg = url.rsplit("/", 1)[0]
        args.quick, args.reuse, args.officials, args.samples, args.repeat = True, False, 2_000, 5, 1
    if args.officials is None:
        if args.database == "postgres":
            args.officials = 100_000 if args.quick else 1_000_000
        else:
            args.officials = 20_000 if args.quick else 100_000
    if args.officials < 2 * REPORT_UNIT_SIZE:
        parser.error(f"--officials must be at least {2 * REPORT_UNIT_SIZE}")
    args.samples = args.samples or (60 if args.quick else 200)
    args.repeat = args.repeat or (3 if args.quick else 5)
    args.national_repeat = min(args.repeat, 2 if args.quick else 3)
    # A smoke run's database is its own (the PostgreSQL and the SQLite test runs may smoke at once).
    args.database_name = (
        f"peixun_ledger_bench_smoke_{os.getpid()}" if args.smoke else f"peixun_ledger_bench_{args.officials}"
    )
    if args.sqlite_path is None:
        args.sqlite_path = Path(tempfile.gettempdir()) / f"{args.database_name}.sqlite3"
    return args


# --- the database ---------------------------------------------------------------------------------


def generation_key(args: argparse.Namespace) -> str:
    return json.dumps({"officials": args.officials, "seed": SEED, "version": GENERATOR_VERSION, "as_of": str(AS_OF)})


def prepare_postgres(args: argparse.Namespace) -> bool:
    """Create the benchmark database unless reusing a complete one. True if it must be filled."""
    import psycopg

    name = args.database_name
    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.reuse:
            with psycopg.connect(f"{args.pg}/{name}") as bench:
                if bench.execute("SELECT to_regclass('bench_ledger_meta') IS NOT NULL").fetchone()[0]:
                    row = bench.execute("SELECT value FROM bench_ledger_meta WHERE key = 'generated'").fetchone()
                    if row and row[0] == generation_key(args):
                        log(f"reusing database {name}")
                        return False
            log(f"database {name} is incomplete or from another generator: making it again")
        log(f"creating database {name}")
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return True


def prepare_sqlite(args: argparse.Namespace) -> bool:
    import sqlite3

    path = args.sqlite_path
    if path.exists() and args.reuse:
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("SELECT value FROM bench_ledger_meta WHERE key = 'generated'").fetchone()
        except sqlite3.Error:
            row = None
        conn.close()
        if row and row[0] == generation_key(args):
            log(f"reusing {path}")
            return False
        log(f"{path} is incomplete or from another generator: making it again")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    log(f"creating {path}")
    return True


def setup_django(args: argparse.Namespace) -> None:
    if args.database == "postgres":
        os.environ["PEIXUN_DATABASE_URL"] = f"{args.pg}/{args.database_name}"
    else:
        os.environ["PEIXUN_DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    # Production mode: no query log kept by the cursor wrapper, as deployed.
    os.environ["PEIXUN_DEBUG"] = "0"
    os.environ.setdefault("PEIXUN_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["PEIXUN_DATA_DIR"] = tempfile.mkdtemp(prefix="peixun-ledger-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peixun.settings")
    import django

    django.setup()


# --- generating the data --------------------------------------------------------------------------

TRAININGS = [
    ("城市可持续发展专题研修", "中共中央党校"),
    ("新型城镇化建设专题培训", "国家行政学院"),
    ("生态文明建设专题班", "中国浦东干部学院"),
    ("绿色金融与城市更新", "清华大学"),
    ("海绵城市建设专题讲座", "住房和城乡建设部"),
    ("数字政府能力提升培训", "省委党校"),
    ("应急管理专题培训", "国家应急管理部"),
    ("乡村振兴战略专题研修", "中国井冈山干部学院"),
    ("循环经济与固废管理", "同济大学"),
    ("领导干部网络学院在线学习", "中国干部网络学院"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力鹏宇浩凯健俊帆旭宁晨博斌志国海东红玉兰春燕"
POSITIONS = ["mayor", "vice_mayor", "party_secretary", "bureau_officer", "provincial_official", "soe_executive"]


def name_pool(rng, size: int) -> list[tuple[str, str, str]]:
    from peixun.people.pinyin import name_to_pinyin, strip_tones

    names = set()
    while len(names) < size:
        given = "".join(rng.choice(list(GIVEN), size=int(rng.integers(1, 3))))
        names.add(rng.choice(list(SURNAMES)) + given)
    pool = []
    for name_zh in sorted(names):
        pinyin = name_to_pinyin(name_zh)
        pool.append((name_zh, pinyin, f"{strip_tones(pinyin)} {name_zh}"))
    return pool


def generate_rows(n: int):
    """The officials' and the ledger's columns as numpy arrays (seeded: the same data every run)."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    epoch = datetime.date(1970, 1, 1)

    def day(d: datetime.date) -> int:
        return (d - epoch).days

    # Sending units: the report's unit has exactly REPORT_UNIT_SIZE officials; the others share the rest unevenly.
    unit = np.empty(n, dtype=np.int64)
    order = rng.permutation(n)
    unit[order[:REPORT_UNIT_SIZE]] = 0
    weights = rng.lognormal(0.0, 0.8, UNITS - 1)
    unit[order[REPORT_UNIT_SIZE:]] = 1 + rng.choice(UNITS - 1, size=n - REPORT_UNIT_SIZE, p=weights / weights.sum())
    began = rng.integers(day(datetime.date(1985, 1, 1)), day(datetime.date(2024, 12, 31)) + 1, n)
    began_known = rng.random(n) >= 0.01

    # Ledger: ENTRIES_PER_OFFICIAL per official, dated from 2015 or the start of service to the day of the report.
    k = ENTRIES_PER_OFFICIAL
    first = np.where(began_known, np.maximum(began, day(LEDGER_FROM)), day(LEDGER_FROM))
    span = day(AS_OF) - first + 1
    dates = first[:, None] + (rng.random((n, k)) * span[:, None]).astype(np.int64)
    dates.sort(axis=1)
    hours = rng.integers(6, 81, (n, k)).astype(np.int64) * 5  # tenths of a class hour: 3.0 to 40.0 by halves
    # About CORRECTION_SHARE of the entries reverse the official's entry before them (never a correction itself).
    correction = rng.random((n, k)) < CORRECTION_SHARE * k / (k - 1) * 1.03
    correction[:, 0] = False
    for j in range(1, k):
        correction[:, j] &= ~correction[:, j - 1]
    previous = np.roll(np.arange(k), 1)
    dates = np.where(correction, dates[:, previous], dates)
    hours = np.where(correction, -hours[:, previous], hours)
    official = np.repeat(np.arange(1, n + 1, dtype=np.int64), k).reshape(n, k)
    slot = np.broadcast_to(np.arange(k), (n, k))
    # Ids in date order, a correction right after the entry it reverses (same date, later slot).
    flat_order = np.lexsort((slot.ravel(), official.ravel(), dates.ravel()))
    ids = np.empty(n * k, dtype=np.int64)
    ids[flat_order] = np.arange(1, n * k + 1)
    ids = ids.reshape(n, k)
    reverses = np.where(correction, ids[:, previous], 0)
    training = rng.integers(0, len(TRAININGS), (n, k))
    training = np.where(correction, training[:, previous], training)  # a correction names what it reverses
    return {
        "unit": unit,
        "began": began,
        "began_known": began_known,
        "name": rng.integers(0, 1_000_000_000, n),
        "position": rng.integers(0, len(POSITIONS), n),
        "ledger": {
            "order": flat_order,
            "id": ids.ravel(),
            "official": official.ravel(),
            "date": dates.ravel(),
            "hours": hours.ravel(),
            "correction": correction.ravel(),
            "reverses": reverses.ravel(),
            "training": training.ravel(),
        },
    }


def iso_dates(days) -> dict[int, str]:
    import numpy as np

    unique = np.unique(days)
    return dict(
        zip(unique.tolist(), np.datetime_as_string(unique.astype("datetime64[D]"), unit="D").tolist(), strict=True)
    )


def official_rows(data: dict, unit_ids: list[int], pool: list[tuple[str, str, str]]):
    """(id, name_zh, name_pinyin, search_key, position_category, sending_unit_id, service_began) per official."""
    began = iso_dates(data["began"])
    names = [pool[i % len(pool)] for i in data["name"].tolist()]
    for i, (u, b, known, p, (zh, py, key)) in enumerate(
        zip(
            data["unit"].tolist(),
            data["began"].tolist(),
            data["began_known"].tolist(),
            data["position"].tolist(),
            names,
            strict=True,
        ),
        start=1,
    ):
        yield i, zh, py, key, POSITIONS[p], unit_ids[u], began[b] if known else None


def ledger_rows(data: dict):
    """(id, official_id, date, hours, source, title, provider, reverses_id, reason) in id (= date) order."""
    ledger = data["ledger"]
    order = ledger["order"]
    dates = iso_dates(ledger["date"])
    columns = [ledger[c][order].tolist() for c in ("id", "official", "date", "hours", "reverses", "training")]
    for entry_id, official, date, tenths, reverses, training in zip(*columns, strict=True):
        title, provider = TRAININGS[training]
        hours = f"{tenths // 10}.{tenths % 10}" if tenths > 0 else f"-{-tenths // 10}.{-tenths % 10}"
        if reverses:
            yield entry_id, official, dates[date], hours, "correction", title, provider, reverses, "录入错误，冲销"
        else:
            yield entry_id, official, dates[date], hours, "external", title, provider, None, ""


def generate(args: argparse.Namespace) -> dict:
    """Fill the freshly migrated database; returns what was made and how long each part took."""
    import numpy as np
    from django.db import connection

    from peixun.people.models import Organisation

    timings: dict[str, float] = {}
    started = time.perf_counter()
    n = args.officials
    data = generate_rows(n)
    pool = name_pool(np.random.default_rng(SEED + 1), 3000)
    timings["arrays_s"] = round(time.perf_counter() - started, 1)
    log(f"generated {n:,} officials and {n * ENTRIES_PER_OFFICIAL:,} ledger entries in memory")

    units = Organisation.objects.bulk_create(
        [
            Organisation(
                name_en=f"Sending unit {i + 1}" if i else REPORT_UNIT_NAME,
                name_zh=f"派出单位{i + 1}",
                kind="government" if i % 4 else "soe",
                is_sending_unit=True,
            )
            for i in range(UNITS)
        ]
    )
    unit_ids = [u.pk for u in units]

    step = time.perf_counter()
    if connection.vendor == "postgresql":
        load_postgres(data, unit_ids, pool, timings)
    else:
        load_sqlite(data, unit_ids, pool)
    timings["load_s"] = round(time.perf_counter() - step, 1)

    step = time.perf_counter()
    courses = make_courses(data, unit_ids)
    timings["courses_s"] = round(time.perf_counter() - step, 1)

    step = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
        cursor.execute("CREATE TABLE bench_ledger_meta (key varchar(20) PRIMARY KEY, value text NOT NULL)")
        cursor.execute("INSERT INTO bench_ledger_meta VALUES ('generated', %s)", [generation_key(args)])
    timings["vacuum_analyze_s"] = round(time.perf_counter() - step, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    corrections = int(data["ledger"]["correction"].sum())
    return {
        "officials": n,
        "ledger_entries": n * ENTRIES_PER_OFFICIAL,
        "corrections": corrections,
        "sending_units": UNITS,
        **courses,
        "seconds": timings,
    }


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    return str(value)


def load_postgres(data: dict, unit_ids: list[int], pool, timings: dict) -> None:
    """COPY officials and ledger entries with their secondary indexes and foreign keys dropped, then rebuild them."""
    from django.db import connection

    tables = ["people_official", "records_ledgerentry"]
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')

        step = time.perf_counter()
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        columns = "id, name_zh, name_pinyin, name_en, search_key, position_category, title_zh, title_en, "
        columns += "sending_unit_id, "
        columns += "service_began, email, phone, is_demo"
        with raw.copy(f"COPY people_official ({columns}) FROM STDIN") as copy:
            for i, zh, py, key, position, unit, began in official_rows(data, unit_ids, pool):
                copy.write_row((i, zh, py, "", key, position, "", "", unit, began, "", "", False))
        timings["copy_officials_s"] = round(time.perf_counter() - step, 1)
        log(f"officials copied in {timings['copy_officials_s']} s")

        step = time.perf_counter()
        columns = "id, official_id, date, hours, source, title, provider, reverses_id, reason, created_at"
        created = "2026-09-30 09:00:00+08"
        buffer: list[str] = []
        with raw.copy(f"COPY records_ledgerentry ({columns}) FROM STDIN") as copy:
            for entry_id, official, date, hours, source, title, provider, reverses, reason in ledger_rows(data):
                buffer.append(
                    f"{entry_id}\t{official}\t{date}\t{hours}\t{source}\t{title}\t{provider}\t"
                    f"{_copy_text(reverses)}\t{reason}\t{created}\n"
                )
                if len(buffer) >= 50_000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
        timings["copy_ledger_s"] = round(time.perf_counter() - step, 1)
        log(f"ledger copied in {timings['copy_ledger_s']} s")

        step = time.perf_counter()
        for name, definition in indexes:
            cursor.execute(definition)
            log(f"  index {name} built")
        timings["indexes_s"] = round(time.perf_counter() - step, 1)
        step = time.perf_counter()
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        timings["foreign_keys_s"] = round(time.perf_counter() - step, 1)
        log(f"indexes rebuilt in {timings['indexes_s']} s, foreign keys validated in {timings['foreign_keys_s']} s")
        for table in tables:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def load_sqlite(data: dict, unit_ids: list[int], pool) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO people_official (id, name_zh, name_pinyin, name_en, search_key, position_category, title_zh,"
            " title_en, sending_unit_id, service_began, email, phone, is_demo)"
            " VALUES (%s, %s, %s, '', %s, %s, '', '', %s, %s, '', '', 0)",
            official_rows(data, unit_ids, pool),
        )
        log("officials inserted")
        cursor.executemany(
            "INSERT INTO records_ledgerentry (id, official_id, date, hours, source, title, provider, reverses_id, "
            "reason, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '2026-09-30 01:00:00')",
            ledger_rows(data),
        )
        log("ledger inserted")


def make_courses(data: dict, unit_ids: list[int]) -> dict:
    """Courses around and after the day of the report with confirmed officials, and the running course's attendance."""
    import numpy as np
    from django.utils import timezone

    from peixun.academies.models import Academy
    from peixun.attendance.models import Attendance
    from peixun.courses.models import Course, Enrolment, Session

    rng = np.random.default_rng(SEED + 2)
    academy = Academy.objects.create(code="bench", name_en="Benchmark Academy", name_zh="基准学院")
    unit_members = (np.flatnonzero(data["unit"] == 0) + 1).tolist()
    others = np.flatnonzero(data["unit"] != 0) + 1
    first_monday = AS_OF - datetime.timedelta(days=AS_OF.weekday() + 7)  # the running course started 9 days ago
    courses, for_unit = [], []
    for i in range(COURSES):
        start = first_monday + datetime.timedelta(weeks=i // 2)  # two courses start every Monday
        for_unit.append(i % 5 < 3)  # the report's unit fills 3 courses out of 5, all year long
        courses.append(
            Course(
                academy=academy,
                title_en=f"Sustainable cities {i + 1}",
                title_zh=f"可持续城市研修班第{i + 1}期",
                start=start,
                end=start + datetime.timedelta(days=13),
                capacity=CAPACITY,
                status="running" if start <= AS_OF else "open",
            )
        )
    courses = Course.objects.bulk_create(courses)
    sessions = []
    for course in courses:
        days = course.course_days()
        for d, when in enumerate(days):
            sessions.append(Session(course=course, date=when, part_of_day=1, format="lecture", class_hours=3))
            afternoon = "site_visit" if d % 3 == 1 else "lecture"
            sessions.append(Session(course=course, date=when, part_of_day=2, format=afternoon, class_hours=3))
            if d in (0, len(days) - 1):
                sessions.append(Session(course=course, date=when, part_of_day=3, format="dinner", class_hours=0))
    for s in sessions:
        s.title_en, s.title_zh = "Session", "课程"
    sessions = Session.objects.bulk_create(sessions, batch_size=2000)

    now = timezone.now()
    enrolments = []
    for course, unit_course in zip(courses, for_unit, strict=True):
        chosen = rng.choice(unit_members if unit_course else others, size=CAPACITY + 4, replace=False).tolist()
        for j, official in enumerate(chosen):
            status = "confirmed" if j < CAPACITY else "waitlisted" if j < CAPACITY + 2 else "withdrawn"
            enrolments.append(
                Enrolment(
                    course=course,
                    official_id=official,
                    unit_id=unit_ids[int(data["unit"][official - 1])],
                    status=status,
                    nominated_at=now,
                    decided_at=now,
                )
            )
    enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=2000)

    # Attendance of the running courses up to the day of the report (a few absences).
    attendance = []
    by_course: dict[int, list] = {}
    for e in enrolments:
        if e.status == "confirmed":
            by_course.setdefault(e.course_id, []).append(e)
    recorded = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time(18)))
    for s in sessions:
        if s.date > AS_OF or s.class_hours == 0:
            continue
        for e in by_course[s.course_id]:
            status = "absent" if rng.random() < 0.05 else "present"
            attendance.append(
                Attendance(
                    session=s,
                    enrolment=e,
                    official_id=e.official_id,
                    status=status,
                    method="roll_call",
                    recorded_at=recorded,
                    credited_at=recorded if status == "present" else None,  # every one of them has ended
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    return {
        "courses": len(courses),
        "sessions": len(sessions),
        "enrolments": len(enrolments),
        "attendance": len(attendance),
    }


# --- the hand-written queries (the ceiling) -------------------------------------------------------

# One official or a whole unit: the official's row and, per rule, class hours done, planned and required.
# One pass over each official's ledger entries (both rules' sums, FILTERed) and one over their planned
# sessions; the window of service is computed once per official as a date range.
PG_COMPLIANCE = """
SELECT o.id,
       COALESCE(d.year_done, 0), COALESCE(p.year_planned, 0),
       CASE WHEN o.service_began > %(year_end)s THEN NULL
            WHEN %(prorate)s AND o.service_began >= %(year_start)s
                THEN %(year_hours)s * (13 - date_part('month', o.service_began)::int) / 12
            ELSE %(year_hours)s END,
       COALESCE(d.window_done, 0), COALESCE(p.window_planned, 0),
       CASE WHEN o.service_began IS NULL OR o.service_began > %(as_of)s THEN NULL ELSE %(window_hours)s END,
       o.user_id, o.name_zh, o.name_pinyin, o.name_en, o.search_key, o.position_category, o.title_zh, o.title_en,
       o.jurisdiction_id, o.sending_unit_id, o.service_began, o.email, o.phone, o.is_demo
FROM people_official o
LEFT JOIN LATERAL (
    -- the current window of service: service began moved by the whole windows before as_of; date + interval
    -- keeps to the month's last day, where the app moves to the 1st of the next month (OFFSET 0: computed once)
    SELECT CASE WHEN date_part('day', m.start) < date_part('day', o.service_began) THEN m.start + 1
                ELSE m.start END AS start,
           CASE WHEN date_part('day', m.next) < date_part('day', o.service_began) THEN m.next
                ELSE m.next - 1 END AS last
    FROM (SELECT (o.service_began + make_interval(months => k.months))::date AS start,
                 (o.service_began + make_interval(months => k.months + %(window_months)s))::date AS next
          FROM (SELECT (%(as_of_months)s - date_part('year', o.service_began)::int * 12
                        - date_part('month', o.service_began)::int
                        - (%(as_of_day)s < date_part('day', o.service_began))::int)
                       / %(window_months)s * %(window_months)s AS months) k) m
    OFFSET 0
) w ON true
LEFT JOIN LATERAL (
    SELECT SUM(e.hours) FILTER (WHERE e.date >= %(year_start)s) AS year_done,
           SUM(e.hours) FILTER (WHERE e.date >= w.start) AS window_done
    FROM records_ledgerentry e
    WHERE e.official_id = o.id AND e.date <= %(as_of)s AND e.date >= LEAST(%(year_start)s, w.start)
) d ON true
LEFT JOIN LATERAL (
    SELECT SUM(s.class_hours) FILTER (WHERE s.date <= %(year_end)s) AS year_planned,
           SUM(s.class_hours) FILTER (WHERE s.date >= w.start AND s.date <= w.last) AS window_planned
    FROM courses_enrolment en JOIN courses_session s ON s.course_id = en.course_id
    WHERE en.official_id = o.id AND en.status = 'confirmed' AND s.date >= %(as_of)s AND s.class_hours > 0
      AND NOT EXISTS (SELECT 1 FROM attendance_attendance a
                      WHERE a.session_id = s.id AND a.official_id = o.id AND a.status IN ('present', 'late')
                        AND a.credited_at IS NOT NULL)
) p ON true
WHERE {where}
ORDER BY o.search_key
"""

# SQLite has no LATERAL and a scalar subquery returns one value: one correlated subquery per figure,
# the window of service computed once per official in a materialised CTE (date(..., 'N months') carries
# a day the month lacks into the next month, whose 1st is where the app starts the window).
SQLITE_DAY = "CAST(strftime('%%d', {}) AS INTEGER)"
SQLITE_SHIFTED = "date(o.service_began, ({k}) || ' months')"
SQLITE_WINDOW_EDGE = (
    "CASE WHEN "
    + SQLITE_DAY.format(SQLITE_SHIFTED)
    + " <> "
    + SQLITE_DAY.format("o.service_began")
    + " THEN date("
    + SQLITE_SHIFTED
    + ", 'start of month') ELSE "
    + SQLITE_SHIFTED
    + " END"
)
SQLITE_WINDOW_MONTHS = (
    "(%(as_of_months)s - CAST(strftime('%%Y', o.service_began) AS INTEGER) * 12"
    " - CAST(strftime('%%m', o.service_began) AS INTEGER)"
    " - (%(as_of_day)s < CAST(strftime('%%d', o.service_began) AS INTEGER)))"
    " / %(window_months)s * %(window_months)s"
)
SQLITE_PLANNED = """COALESCE((
        SELECT SUM(s.class_hours) FROM courses_session s
        WHERE s.course_id IN (SELECT en.course_id FROM courses_enrolment en
                              WHERE en.official_id = o.id AND en.status = 'confirmed')
          AND s.date >= %(as_of)s AND s.class_hours > 0 AND {dates}
          AND NOT EXISTS (SELECT 1 FROM attendance_attendance a WHERE a.session_id = s.id
                          AND a.official_id = o.id AND a.status IN ('present', 'late')
                          AND a.credited_at IS NOT NULL)), 0)"""
SQLITE_COMPLIANCE = (
    """
WITH o AS MATERIALIZED (
    SELECT o.*, {start} AS window_start, date({next}, '-1 day') AS window_last
    FROM people_official o WHERE {where}
)
SELECT o.id,
       COALESCE((SELECT SUM(e.hours) FROM records_ledgerentry e
                 WHERE e.official_id = o.id AND e.date >= %(year_start)s AND e.date <= %(as_of)s), 0),
       {year_planned},
       CASE WHEN o.service_began > %(year_end)s THEN NULL
            WHEN %(prorate)s AND o.service_began >= %(year_start)s
                THEN %(year_hours)s * (13 - CAST(strftime('%%m', o.service_began) AS INTEGER)) / 12.0
            ELSE %(year_hours)s END,
       COALESCE((SELECT SUM(e.hours) FROM records_ledgerentry e
                 WHERE e.official_id = o.id AND e.date >= o.window_start AND e.date >= o.service_began
                   AND e.date <= %(as_of)s), 0),
       {window_planned},
       CASE WHEN o.service_began IS NULL OR o.service_began > %(as_of)s THEN NULL ELSE %(window_hours)s END,
       o.user_id, o.name_zh, o.name_pinyin, o.name_en, o.search_key, o.position_category, o.title_zh, o.title_en,
       o.jurisdiction_id, o.sending_unit_id, o.service_began, o.email, o.phone, o.is_demo
FROM o
ORDER BY o.search_key
""".replace("{start}", SQLITE_WINDOW_EDGE.replace("{k}", SQLITE_WINDOW_MONTHS))
    .replace("{next}", SQLITE_WINDOW_EDGE.replace("{k}", SQLITE_WINDOW_MONTHS + " + %(window_months)s"))
    .replace("{year_planned}", SQLITE_PLANNED.replace("{dates}", "s.date <= %(year_end)s"))
    .replace(
        "{window_planned}", SQLITE_PLANNED.replace("{dates}", "s.date >= o.service_began AND s.date <= o.window_last")
    )
)


# The national summary: several hand-written forms; each run times them all once and takes the fastest
# as the ceiling. {year} is the year expression, {hours} the summed value, {years} the FILTERed sums.
def national_candidates(vendor: str, years: list[int]) -> dict[str, str]:
    year = "date_part('year', date)::int" if vendor == "postgresql" else "CAST(strftime('%%Y', date) AS INTEGER)"
    threshold = "%(threshold)s" if vendor == "postgresql" else "CAST(%(threshold)s AS REAL)"
    where = "date >= %(first)s AND date <= %(last)s"

    def pivot(value: str, scale: str) -> str:
        # One pass over the (official, date, hours) index in its order: each official's net hours per year
        # side by side, then every year counted from them.
        sums = ", ".join(
            f"SUM({value}) FILTER (WHERE date >= '{y}-01-01' AND date <= '{y}-12-31') AS net{y}" for y in years
        )
        counts = ", ".join(
            f"COUNT(*) FILTER (WHERE net{y} > 0), SUM(net{y}) FILTER (WHERE net{y} > 0){scale},"
            f" COUNT(*) FILTER (WHERE net{y} >= {threshold} * {1 if not scale else 100})"
            for y in years
        )
        per_official = f"SELECT official_id, {sums} FROM records_ledgerentry WHERE {where} GROUP BY official_id"
        return f"SELECT {counts} FROM ({per_official}) t"

    found = {
        # one GROUP BY (official, year): the index gives the officials in order, each official's years are sorted
        "group_by_official_and_year": f"""
            SELECT year, COUNT(*), SUM(total), COUNT(*) FILTER (WHERE total >= {threshold})
            FROM (SELECT official_id, {year} AS year, SUM(hours) AS total FROM records_ledgerentry
                  WHERE {where} GROUP BY official_id, year HAVING SUM(hours) > 0) t
            GROUP BY year ORDER BY year""",
        "pivot": pivot("hours", ""),
        # the same in integer hundredths of an hour: cheaper sums than numeric
        "pivot_in_hundredths": pivot(
            "(hours * 100)::int" if vendor == "postgresql" else "CAST(hours * 100 AS INTEGER)", " / 100.0"
        ),
    }
    if vendor == "postgresql":
        # year by year, each over the (date, official, hours) index
        found["year_by_year"] = f"""
            SELECT y.year, t.n, t.h, t.r FROM generate_series(%(first_year)s::int, %(last_year)s::int) AS y(year)
            CROSS JOIN LATERAL (
                SELECT COUNT(*) AS n, SUM(total) AS h, COUNT(*) FILTER (WHERE total >= {threshold}) AS r
                FROM (SELECT official_id, SUM(hours) AS total FROM records_ledgerentry
                      WHERE date >= make_date(y.year, 1, 1) AND date <= make_date(y.year, 12, 31)
                      GROUP BY official_id HAVING SUM(hours) > 0) s) t
            ORDER BY y.year"""
    return found


def national_rows(name: str, years: list[int], row: list[tuple]) -> list[tuple]:
    """(year, officials trained, hours, reached) whatever the candidate's shape."""
    if name.startswith("pivot"):
        (flat,) = row
        return [(y, *flat[3 * i : 3 * i + 3]) for i, y in enumerate(years)]
    return row


def compliance_params(rules) -> dict:
    from peixun.records.enums import RulePeriod

    yearly = [r for r in rules if r.period == RulePeriod.YEAR]
    windows = [r for r in rules if r.period == RulePeriod.SERVICE]
    if len(yearly) != 1 or len(windows) != 1 or len(rules) != 2:
        raise SystemExit("bench/ledger.py: the hand-written query expects one yearly and one service rule")
    return {
        "as_of": AS_OF,
        "year_start": datetime.date(AS_OF.year, 1, 1),
        "year_end": datetime.date(AS_OF.year, 12, 31),
        "year_hours": yearly[0].threshold_hours,
        "prorate": yearly[0].prorate_first_year,
        "window_hours": windows[0].threshold_hours,
        "window_months": 12 * windows[0].years,
        "as_of_months": AS_OF.year * 12 + AS_OF.month,
        "as_of_day": AS_OF.day,
    }


def raw_compliance(where: str, params: dict) -> list[tuple]:
    from django.db import connection

    template = PG_COMPLIANCE if connection.vendor == "postgresql" else SQLITE_COMPLIANCE
    with connection.cursor() as cursor:
        cursor.execute(template.replace("{where}", where), params)
        return cursor.fetchall()


# --- measuring --------------------------------------------------------------------------------------


def ms_of(function, collect: bool = False) -> tuple[float, object]:
    if collect:  # start from a collected heap, not paying for an earlier run's garbage (large results)
        gc.collect()
    started = time.perf_counter()
    result = function()
    return (time.perf_counter() - started) * 1000, result


def hours2(value) -> Decimal | None:
    """A figure rounded to the cent, whatever type the database returned it as (SQLite: floats)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def orm_figures(row) -> tuple:
    return tuple(hours2(v) for r in row.rules for v in (r.done, r.planned, r.required))


def raw_figures(row: tuple) -> tuple:
    return tuple(hours2(v) for v in row[1:7])


def check_same(name: str, orm_rows: dict, raw_rows: dict) -> None:
    if orm_rows.keys() != raw_rows.keys():
        raise SystemExit(f"bench/ledger.py: {name}: the ORM and the hand-written query return different rows")
    for key, value in orm_rows.items():
        if value != raw_rows[key]:
            raise SystemExit(f"bench/ledger.py: {name}: {key}: ORM {value} != hand-written {raw_rows[key]}")


def capture_orm_sql(function) -> list[tuple[str, object]]:
    """The SQL statements (with their parameters) one call of ``function`` runs."""
    from django.db import connection

    statements: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return statements


def run_sql(sql: str, params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run_statements(statements) -> None:
    for sql, params in statements:
        run_sql(sql, params)


def explain(label: str, sql: str, params) -> None:
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    plan = "\n".join("    " + " | ".join(str(c) for c in row) for row in run_sql(prefix + sql, params))
    log(f"EXPLAIN {label}:\n{plan}")


class Machine:
    """CPU used while a query was timed: the whole machine's, this process's, its database backend's and
    the backend's parallel workers' (sampled while they live: they exit with their query).

    Colleagues' test runs share the 2 cores: ``other_cores`` is what none of those used, and a
    measurement is ``quiet`` when that stayed under ``QUIET_OTHER_CORES``.
    """

    def __init__(self):
        from django.db import connection

        self.tick = os.sysconf("SC_CLK_TCK")
        self.backend = None
        if connection.vendor == "postgresql":
            pid = run_sql("SELECT pg_backend_pid()", None)[0][0]
            if Path(f"/proc/{pid}/stat").exists():  # a server on this machine
                self.backend = pid

    def process_cpu(self, pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(parts[11]) + int(parts[12])) / self.tick

    def workers(self) -> dict[int, float]:
        """CPU seconds of the backend's parallel workers alive now."""
        found = {}
        marker = f"parallel worker for PID {self.backend}".encode()
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                        if marker in f.read():
                            found[int(entry.name)] = self.process_cpu(int(entry.name))
                except OSError:
                    continue
        return found

    def snapshot(self) -> tuple[float, float, float, float]:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:9]]
        own = os.times()
        backend = self.process_cpu(self.backend) if self.backend else 0.0
        return time.perf_counter(), (sum(fields) - fields[3] - fields[4]) / self.tick, own.user + own.system, backend

    @contextlib.contextmanager
    def watch(self, period: float = 0.2):
        """``with machine.watch() as cpu:`` fills ``cpu`` with the CPU used during the block.

        Parallel workers are looked for every ``period`` seconds: one that lives less is missed and
        counted as other processes' CPU."""
        result: dict = {}
        workers: dict[int, float] = {}
        stop = threading.Event()

        def sample():
            while not stop.wait(period):
                for pid, seconds in self.workers().items():
                    workers[pid] = max(seconds, workers.get(pid, 0.0))

        thread = threading.Thread(target=sample, daemon=True)
        before = self.snapshot()
        if self.backend:
            thread.start()
        try:
            yield result
        finally:
            stop.set()
            if self.backend:
                thread.join()
            after = self.snapshot()
            wall, busy, own, backend = (a - b for a, b in zip(after, before, strict=True))
            wall, parallel = max(wall, 1e-9), sum(workers.values())
            other = max(0.0, busy - own - backend - parallel)
            result.update(
                {
                    "busy_cores": round(busy / wall, 2),
                    "client_cores": round(own / wall, 2),
                    "backend_cores": round(backend / wall, 2),
                    "parallel_worker_cores": round(parallel / wall, 2),
                    "other_cores": round(other / wall, 2),
                    "quiet": other / wall <= QUIET_OTHER_CORES,
                    "load_average": [round(v, 2) for v in os.getloadavg()],
                }
            )


def alternate(
    orm, raw, runs: int, first: int = 0, collect: bool = True
) -> tuple[list[float], list[float], object, object]:
    """``runs`` timings of each, in alternating order so that a busy moment hits both alike."""
    orm_ms, raw_ms = [], []
    found = raw_found = None
    for i in range(first, first + runs):
        found = raw_found = None  # the previous run's results are not kept alive during this one
        if i % 2:
            t_orm, found = ms_of(orm, collect)
            t_raw, raw_found = ms_of(raw, collect)
        else:
            t_raw, raw_found = ms_of(raw, collect)
            t_orm, found = ms_of(orm, collect)
        orm_ms.append(t_orm)
        raw_ms.append(t_raw)
    return orm_ms, raw_ms, found, raw_found


def summarise(name: str, orm_ms: list[float], raw_ms: list[float], sql_ms: list[float], rows: int, **extra) -> dict:
    ms, raw = statistics.median(orm_ms), statistics.median(raw_ms)
    result = {
        "name": name,
        "ms": round(ms, 2),
        "raw_ms": round(raw, 2),
        "ratio": round(ms / raw, 2) if raw else None,
        "orm_sql_ms": round(statistics.median(sql_ms), 2),
        "sql_ratio": round(statistics.median(sql_ms) / raw, 2) if raw else None,
        "runs": len(orm_ms),
        "ms_range": [round(min(orm_ms), 2), round(max(orm_ms), 2)],
        "raw_ms_range": [round(min(raw_ms), 2), round(max(raw_ms), 2)],
        "rows": rows,
        **extra,
    }
    log(
        f"{name}: ORM {result['ms']} ms (its SQL alone {result['orm_sql_ms']} ms), hand-written {result['raw_ms']} ms,"
        f" ratio {result['ratio']} (SQL alone {result['sql_ratio']})"
    )
    return result


def compliance_sql(where: str) -> str:
    from django.db import connection

    return (PG_COMPLIANCE if connection.vendor == "postgresql" else SQLITE_COMPLIANCE).replace("{where}", where)


def measure_official(args, params: dict, machine: Machine) -> dict:
    import numpy as np

    from peixun.people.models import Official
    from peixun.records import compliance

    rng = np.random.default_rng(SEED + 3)
    ids = (rng.choice(args.officials, size=args.samples, replace=False) + 1).tolist()
    sql = compliance_sql("o.id = %(official)s")

    def orm(pk):
        return compliance.compliance_of(Official.objects.filter(pk=pk), as_of=AS_OF)

    def raw(pk):
        return run_sql(sql, {**params, "official": pk})

    for pk in ids[:5]:  # warm-up
        orm(pk), raw(pk)
    orm_ms, raw_ms = [], []
    orm_rows, raw_rows = {}, {}
    with machine.watch() as cpu:
        for i, pk in enumerate(ids):
            t_orm, t_raw, found, raw_found = alternate(
                lambda pk=pk: orm(pk), lambda pk=pk: raw(pk), 1, first=i, collect=False
            )
            orm_ms += t_orm
            raw_ms += t_raw
            orm_rows.update({row.official.pk: orm_figures(row) for row in found})
            raw_rows.update({row[0]: raw_figures(row) for row in raw_found})
    check_same("official", orm_rows, raw_rows)
    sql_ms, statements = [], []
    for pk in ids[:50]:
        statements = capture_orm_sql(lambda pk=pk: orm(pk))
        sql_ms.append(ms_of(lambda statements=statements: run_statements(statements))[0])
    if args.explain:
        explain("official, ORM", *statements[-1])
        explain("official, hand-written", sql, {**params, "official": ids[: len(sql_ms)][-1]})
    return summarise(
        "official",
        orm_ms,
        raw_ms,
        sql_ms,
        1,
        samples=len(ids),
        ms_p90=round(float(np.percentile(orm_ms, 90)), 2),
        raw_ms_p90=round(float(np.percentile(raw_ms, 90)), 2),
        orm_queries=len(statements),
        samples_with_planned_hours=sum(1 for figures in orm_rows.values() if figures[1] or figures[4]),
        cpu=cpu,
    )


def measure_unit(args, params: dict, machine: Machine) -> dict:
    from collections import Counter

    from peixun.people.models import Official, Organisation
    from peixun.records import compliance

    unit = Organisation.objects.get(name_en=REPORT_UNIT_NAME)
    sql, query_params = compliance_sql("o.sending_unit_id = %(unit)s"), {**params, "unit": unit.pk}

    def orm():
        return compliance.compliance_of(Official.objects.filter(sending_unit=unit), as_of=AS_OF)

    def raw():
        return run_sql(sql, query_params)

    orm(), raw()  # warm-up
    with machine.watch() as cpu:
        orm_ms, raw_ms, found, raw_found = alternate(orm, raw, args.repeat)
    orm_rows = {row.official.pk: orm_figures(row) for row in found}
    check_same("unit_report", orm_rows, {row[0]: raw_figures(row) for row in raw_found})
    statements = capture_orm_sql(orm)
    sql_ms = [ms_of(lambda: run_statements(statements), collect=True)[0] for _ in range(args.repeat)]
    rules = compliance.active_rules()
    objects_ms = [  # the app's query turned into Official objects, before classifying each rule
        ms_of(
            lambda: list(
                compliance.with_compliance(Official.objects.filter(sending_unit=unit), as_of=AS_OF, rules=rules)
            ),
            collect=True,
        )[0]
        for _ in range(args.repeat)
    ]
    if args.explain:
        explain("unit report, ORM", *statements[-1])
        explain("unit report, hand-written", sql, query_params)
    statuses = Counter(str(row.status) for row in found)
    return summarise(
        "unit_report",
        orm_ms,
        raw_ms,
        sql_ms,
        len(found),
        orm_queries=len(statements),
        orm_objects_ms=round(statistics.median(objects_ms), 2),
        statuses=dict(sorted(statuses.items())),
        with_planned_hours=sum(1 for figures in orm_rows.values() if figures[1] or figures[4]),
        cpu=cpu,
    )


def measure_national(args, rules, machine: Machine) -> dict:
    from django.db import connection
    from django.db.models import Max, Min

    from peixun.records import compliance
    from peixun.records.enums import RulePeriod
    from peixun.records.models import LedgerEntry

    span = LedgerEntry.objects.aggregate(first=Min("date"), last=Max("date"))
    years = list(range(span["first"].year, span["last"].year + 1))
    yearly = next(r for r in rules if r.period == RulePeriod.YEAR)
    params = {
        "first": datetime.date(years[0], 1, 1),
        "last": datetime.date(years[-1], 12, 31),
        "first_year": years[0],
        "last_year": years[-1],
        "threshold": yearly.threshold_hours,
    }

    def orm():
        return compliance.national_summary(years)

    found = orm()  # warm-up
    orm_rows = {s.year: (s.officials_trained, hours2(s.hours), s.reached_yearly) for s in found}
    candidates = national_candidates(connection.vendor, years)
    tried = {}
    for name, sql in candidates.items():
        elapsed, rows = ms_of(lambda sql=sql: run_sql(sql, params))
        raw_rows = {year: (0, hours2(0), 0) for year in years}
        raw_rows.update({int(y): (int(n), hours2(h), int(r)) for y, n, h, r in national_rows(name, years, rows)})
        check_same(f"national_summary ({name})", orm_rows, raw_rows)
        tried[name] = round(elapsed, 1)
        log(f"  hand-written national summary, {name}: {elapsed:.0f} ms")
    best = min(tried, key=tried.get)
    with machine.watch(period=0.05) as cpu:  # its parallel workers live a few tenths of a second on --quick
        orm_ms, raw_ms, _, _ = alternate(orm, lambda: run_sql(candidates[best], params), args.national_repeat)
    statements = capture_orm_sql(orm)
    sql_ms = [ms_of(lambda: run_statements(statements))[0] for _ in range(args.national_repeat)]
    if args.explain:
        explain("national summary, ORM", *statements[-1])
        explain(f"national summary, hand-written ({best})", candidates[best], params)
    return summarise(
        "national_summary",
        orm_ms,
        raw_ms,
        sql_ms,
        len(years),
        orm_queries=len(statements),
        raw_query=best,
        raw_candidates_ms=tried,
        years=[years[0], years[-1]],
        per_year=[
            {
                "year": s.year,
                "officials_trained": s.officials_trained,
                "hours": str(s.hours),
                "reached_yearly": s.reached_yearly,
            }
            for s in found
        ],
        cpu=cpu,
    )


def versions() -> dict:
    import django
    from django.db import connection

    found = {"python": platform.python_version(), "django": django.get_version(), "cores": os.cpu_count()}
    if connection.vendor == "postgresql":
        found["postgresql"] = run_sql("SHOW server_version", None)[0][0]
        for setting in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"):
            found[setting] = run_sql(f"SHOW {setting}", None)[0][0]
    else:
        import sqlite3

        found["sqlite"] = sqlite3.sqlite_version
    return found


def apply_settings(settings: list[str]) -> None:
    """SET each ``name=value`` on every connection the measurements open (PostgreSQL)."""
    from django.db.backends.signals import connection_created

    def on_connect(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for setting in settings:
                    name, _, value = setting.partition("=")
                    cursor.execute("SELECT set_config(%s, %s, false)", [name.strip(), value.strip()])

    connection_created.connect(on_connect, weak=False)


def main() -> int:
    args = parse_args()
    if not args.smoke:
        return run(args)
    try:
        return run(args)
    finally:
        remove_smoke_database(args)


def remove_smoke_database(args: argparse.Namespace) -> None:
    from django.db import connections

    connections.close_all()
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {args.database_name} WITH (FORCE)")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite_path}{suffix}").unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    setup: dict = {"load_average_at_start": [round(v, 2) for v in os.getloadavg()]}
    step = time.perf_counter()
    fill = prepare_postgres(args) if args.database == "postgres" else prepare_sqlite(args)
    setup_django(args)
    from django.core.management import call_command
    from django.db import connection

    if fill:
        call_command("migrate", verbosity=0, interactive=False)
        setup["migrate_s"] = round(time.perf_counter() - step, 1)
        log(f"migrated in {setup['migrate_s']} s")
        setup["generated"] = generate(args)
        log(f"data ready in {setup['generated']['seconds']['total_s']} s")
    else:
        setup["generated"] = None
    connection.close()  # a fresh connection for the measurements
    apply_settings(args.set)

    from peixun.records import compliance

    rules = compliance.active_rules()
    params = compliance_params(rules)
    machine = Machine()
    step = time.perf_counter()
    queries = [
        measure_official(args, params, machine),
        measure_unit(args, params, machine),
        measure_national(args, rules, machine),
    ]
    setup["measure_s"] = round(time.perf_counter() - step, 1)

    met, missed = [], []
    for q in queries:
        limit = TARGETS_MS[q["name"]]
        q["target_ms"], q["target_ratio"] = limit, TARGET_RATIO
        q["met"] = q["ms"] < limit and q["ratio"] is not None and q["ratio"] <= TARGET_RATIO
        (met if q["ms"] < limit else missed).append(f"{q['name']}: {q['ms']} ms (target < {limit:g} ms)")
        (met if q["ratio"] <= TARGET_RATIO else missed).append(
            f"{q['name']}: {q['ratio']} times the hand-written query (target <= {TARGET_RATIO})"
        )
    document = {
        "benchmark": "ledger",
        "database": connection.vendor,
        "officials": args.officials,
        "ledger_entries": args.officials * ENTRIES_PER_OFFICIAL,
        "as_of": str(AS_OF),
        "quick": args.quick,
        "smoke": args.smoke,
        "settings": args.set,
        "queries": queries,
        "targets": {
            "met": met,
            "missed": missed,
            "apply": args.database == "postgres" and args.officials >= 1_000_000,
        },
        "quiet_machine": all(q["cpu"]["quiet"] for q in queries),
        "setup": setup,
        "versions": versions(),
        "seconds": round(time.perf_counter() - STARTED, 1),
    }
    print(json.dumps(document, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
