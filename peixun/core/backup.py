"""Backups of a PostgreSQL installation: the database in pg_dump's custom format and a copy of the media
root (every uploaded and generated file), with the checksum of each file; on object storage the files are
backed up by the store (docs/operations.md, "Backups")."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "media.sha256.json"


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why."""


def libpq_environment(using: str = "default") -> dict[str, str]:
    """pg_dump and pg_restore reach the configured database through libpq's variables, so the password
    never appears on a command line."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"The {using!r} database is {connection.vendor}; these commands back up PostgreSQL. "
            "Copy an SQLite database with `sqlite3 FILE '.backup COPY'` instead."
        )
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if params.get(key):
            env[variable] = str(params[key])
    options = params.get("OPTIONS", {})
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 (pg_dump or pg_restore, arguments as a list)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: install PostgreSQL's client programs.") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def checksums(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under ``root``, by its path relative to ``root``."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as file:
                for block in iter(lambda: file.read(1 << 20), b""):
                    digest.update(block)
            found[path.relative_to(root).as_posix()] = digest.hexdigest()
    return found


def back_up(target: Path, *, using: str = "default") -> tuple[int, int]:
    """Write the database and the media into the new folder ``target``. Returns (dump bytes, files).

    The database is dumped first: files are never overwritten (each version has a new name), so the
    media copied afterwards holds every file the dump names, and perhaps a few newer ones.
    """
    env = libpq_environment(using)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    run(["pg_dump", "--format=custom", f"--file={target / DUMP}"], env)
    media_root = Path(settings.MEDIA_ROOT)
    # On object storage the files are not on this disk: the bucket's versioning and copies keep them.
    if media_root.exists() and isinstance(default_storage, FileSystemStorage):
        shutil.copytree(media_root, target / MEDIA)
    else:
        (target / MEDIA).mkdir()
    files = checksums(target / MEDIA)
    (target / MANIFEST).write_text(json.dumps(files, indent=1, sort_keys=True))
    return (target / DUMP).stat().st_size, len(files)


def restore(source: Path, *, using: str = "default") -> tuple[int, int]:
    """Restore a backup made by ``back_up`` into the configured database, which must be empty, and the
    configured media root, which must be empty or missing. Returns (tables, files)."""
    env = libpq_environment(using)
    dump, media, manifest = source / DUMP, source / MEDIA, source / MANIFEST
    for path in (dump, media, manifest):
        if not path.exists():
            raise BackupError(f"{source} is not a Peixun backup: {path.name} is missing.")
    connection = connections[using]
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} is not empty ({len(tables)} tables): "
            "restore into a new, empty database (createdb), never over a live one."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media root {media_root} is not empty: restore into an empty folder.")
    expected = json.loads(manifest.read_text())
    if checksums(media) != expected:
        raise BackupError(f"The media in {source} do not match its checksums: this backup is damaged.")
    connection.close()  # pg_restore works alone, in one transaction: all or nothing
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(dump),
        ],
        env,
    )
    shutil.copytree(media, media_root, dirs_exist_ok=True)
    if checksums(media_root) != expected:
        raise BackupError(f"The files copied into {media_root} differ from the backup's: copy {media} by hand.")
    return len(connections[using].introspection.table_names()), len(expected)
