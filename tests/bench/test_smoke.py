"""Every benchmark runs in its --smoke mode (tiny data, one short run), so that `make test` (and CI)
fails when a benchmark breaks, not only the next time someone runs it. bench/timetable.py has its own
check (tests/bench/test_timetable_smoke.py).

Each script runs in a subprocess with this run's environment: bench/pages.py, bench/ledger.py and
bench/jobs.py (which also starts a worker against Redis, PEIXUN_TEST_REDIS_URL) then work on the
database PEIXUN_DATABASE_URL names (a temporary SQLite file when it is unset or SQLite; a new
PostgreSQL database of their own, named after their process and dropped afterwards, in the PostgreSQL
pass). The times they print mean nothing here; what is checked is that every step ran and
the checks the scripts make themselves (answers of 200, the app's figures equal to the hand-written
SQL's, exports keeping every translation) held.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def on_postgres() -> bool:
    return os.environ.get("PEIXUN_DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def smoke(script: str) -> dict:
    done = subprocess.run(
        [sys.executable, f"bench/{script}.py", "--smoke"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"bench/{script}.py --smoke failed:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)


def test_the_upload_guard_benchmark_refuses_the_hostile_deck_unparsed_and_reads_the_others():
    doc = smoke("guard")

    assert doc["smoke"] is True
    assert doc["hostile"]["paragraphs"] == 2_000
    assert doc["hostile"]["parsed"] is False
    assert doc["real"]["segments"] > 0
    assert doc["at_limits"]["segments"] == 182


def test_the_document_benchmark_extracts_exports_and_suggests():
    doc = smoke("documents")

    assert doc["smoke"] is True
    assert (doc["slides"], doc["tm_entries"]) == (10, 1_000)
    assert doc["segments"] > 50
    assert doc["segments_with_fuzzy"] > 0
    assert doc["tagged_segments"] > 0
    assert doc["suggestions_with_tags"] > 0
    assert doc["fuzzy_recall"]["sample"] == 20


def test_the_page_benchmark_serves_every_page_with_no_error():
    doc = smoke("pages")

    assert doc["smoke"]["passed"] is True
    assert all(count > 0 for count in doc["smoke"]["requests"].values())
    assert {page["name"] for page in doc["pages"]} == {"course", "roster", "official_search"}
    assert all(page["errors"] == 0 for page in doc["pages"])
    assert doc["dataset"]["courses"] == 2
    assert doc["setup"]["database"].startswith("PostgreSQL" if on_postgres() else "SQLite")


def test_the_ledger_benchmark_agrees_with_the_hand_written_sql():
    doc = smoke("ledger")

    assert doc["smoke"] is True
    assert doc["database"] == ("postgresql" if on_postgres() else "sqlite")
    assert doc["officials"] == 2_000
    assert [q["name"] for q in doc["queries"]] == ["official", "unit_report", "national_summary"]
    assert all(q["rows"] for q in doc["queries"])


def test_the_jobs_benchmark_runs_every_job_in_process_and_through_a_worker():
    """bench/jobs.py starts a real worker against Redis (PEIXUN_TEST_REDIS_URL, as tests/jobs/test_worker.py)."""
    import pytest
    import redis

    url = os.environ.get("PEIXUN_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis not reachable at {url} ({error}): start redis-server or set PEIXUN_TEST_REDIS_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

    doc = smoke("jobs")

    assert doc["smoke"] is True
    assert doc["database"] == ("postgresql" if on_postgres() else "sqlite")
    assert doc["jobs"] == 20
    assert (doc["in_process"]["succeeded"], doc["worker"]["succeeded"]) == (20, 20)
    assert set(doc["enqueue_ms"]) == {"median", "p95", "max"}
    assert doc["targets"]["enqueue_p95_ms"] == 20.0
def test_the_api_benchmark_serves_api_and_pages_and_its_queries_do_not_grow_with_the_page_size():
    doc = smoke("api")

    assert doc["passed"] is True
    assert set(doc["targets"]) == {
        "api_courses_100",
        "page_courses",
        "api_course_detail",
        "api_roster",
        "page_roster",
        "api_compliance_unit",
        "page_compliance_unit",
        "api_certificates_100",
    }
    assert all(target["errors"] == 0 and target["requests"] > 0 for target in doc["targets"].values())
    assert all(doc["queries_flat_with_page_size"].values())
    assert doc["dataset"]["courses"] == 110 and doc["dataset"]["roster_confirmed"] == 55
    assert doc["setup"]["database"].startswith("PostgreSQL" if on_postgres() else "SQLite")
