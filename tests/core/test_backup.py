"""Nothing lost: a backup of the demo, made and restored with the commands docs/operations.md gives, has
every row of every table and every stored file, byte for byte, in a new, empty database."""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection, models

from peixun.records.models import LedgerEntry

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def server_url(database: str) -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{database}"


def manage(*args: str, database: str, media: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEIXUN_")} | {
        "PEIXUN_DEBUG": "1",
        "PEIXUN_DATABASE_URL": server_url(database),
        "PEIXUN_MEDIA_ROOT": str(media),
        "PEIXUN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PEIXUN_FONT_DIR": os.environ.get("PEIXUN_FONT_DIR", str(ROOT / "var" / "fonts")),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def databases():
    """Two new databases on the test server: one for the demo, one, empty, to restore into."""
    names = [f"peixun_backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "restored")]
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        for name in names:
            server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield names
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as server:
            for name in names:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_counts(database: str) -> dict[str, int]:
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    with psycopg.connect(server_url(database)) as db:
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def stored_files(database: str) -> list[str]:
    """The names of the files every FileField of every row refers to."""
    names = []
    with psycopg.connect(server_url(database)) as db:
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    rows = db.execute(f'SELECT "{field.column}" FROM "{model._meta.db_table}"').fetchall()
                    names += [name for (name,) in rows if name]
    return sorted(names)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_of_the_demo_restores_every_row_and_every_file(databases, tmp_path):
    source, restored = databases
    source_media, restored_media, backup = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backup"
    manage("migrate", "--noinput", database=source, media=source_media)
    manage("load_demo", "--no-logins", database=source, media=source_media)

    manage("backup", str(backup), database=source, media=source_media)
    out = manage("restore", str(backup), database=restored, media=restored_media)
    assert "grant_app_role" in out

    counts = table_counts(source)
    assert counts[LedgerEntry._meta.db_table] > 0 and counts["materials_materialversion"] > 0
    assert table_counts(restored) == counts
    files = stored_files(source)
    assert len(files) >= 5 and stored_files(restored) == files
    for name in files:
        assert (restored_media / name).is_file(), name
        assert sha256(restored_media / name) == sha256(source_media / name), name
    # The ledger's guard came back with the rows.
    with psycopg.connect(server_url(restored)) as db:
        triggers = db.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O' ORDER BY tgname"
        ).fetchall()
    assert [name for (name,) in triggers] == [
        "people_official_demo_mark_fixed",
        "records_ledger_append_only",
        "records_ledger_no_truncate",
    ]


def test_restore_refuses_a_database_that_is_not_empty(databases, tmp_path):
    source, _restored = databases
    with psycopg.connect(server_url(source), autocommit=True) as db:
        db.execute("CREATE TABLE something_live (id integer)")
    (tmp_path / "backup").mkdir()
    for name in ("database.dump", "media.sha256.json"):
        (tmp_path / "backup" / name).write_text("{}")
    (tmp_path / "backup" / "media").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEIXUN_")} | {
        "PEIXUN_DEBUG": "1",
        "PEIXUN_DATABASE_URL": server_url(source),
        "PEIXUN_MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"The database '{source}' is not empty" in result.stderr
