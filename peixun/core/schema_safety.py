"""Whether a migration is safe to run while app servers of the release before still serve (docs/operations.md,
"Upgrading with several app servers").

During a rolling upgrade the new release's migrations run first, then the app servers and workers are
replaced one by one, so for a while old code reads and writes the new schema. The rule: a migration only
*expands* the schema. It may create tables, add columns that old code's INSERTs can leave out (nullable,
or with a default kept by the database: ``db_default``), add indexes and constraints, relax a column
(allow NULL, lengthen it) and move data (``RunPython``, ``RunSQL``: read them at review). It may not take
away or rename what old code uses: no ``RemoveField``, ``DeleteModel``, ``RenameField``, ``RenameModel``,
``AlterModelTable``, no column whose type changes, that becomes NOT NULL, shorter or renamed, and no new
NOT NULL column without ``db_default`` (Django drops a Python default after adding the column).

A migration that must contract the schema says why in a ``contracts`` attribute on its ``Migration``
class and ships in a release of its own, once every server runs code that no longer uses what it
removes. Migrations written before Peixun ran on several servers (``BASELINE``) are not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import migrations
from django.db.models.fields import NOT_PROVIDED

# The last migration of each app written for a single server (stop, migrate, start): not judged.
BASELINE = {
    "academies": "0005_sort_keys",
    "api": "0001_api_token",
    "attendance": "0002_credited_at_once_the_session_ended",
    "core": "0005_user_time_zone",
    "courses": "0008_timetable_proposal_to_timetables",
    "curriculum": "0003_outline_venues_near_each_academy",
    "feedback": "0002_evaluation_name_shared_with_lecturer",
    "jobs": "0001_initial",
    "materials": "0006_sort_keys",
    "notifications": "0001_create_notice",
    "partners": "0004_sort_keys",
    "people": "0006_sort_keys",
    "records": "0004_entered_by_is_kept",
    "timetables": "0002_timetable_proposal_from_courses",
}

CONTRACTING = (
    migrations.RemoveField,
    migrations.DeleteModel,
    migrations.RenameField,
    migrations.RenameModel,
    migrations.AlterModelTable,
)
# What an AlterField may change without old code noticing (labels, choices, Python-side defaults, ...).
_HARMLESS_CHANGES = {
    "verbose_name",
    "help_text",
    "blank",
    "choices",
    "default",
    "validators",
    "editable",
    "related_name",
    "related_query_name",
    "on_delete",
    "limit_choices_to",
    "auto_now",
    "auto_now_add",
    "db_comment",
    "db_index",
    "upload_to",
    "storage",
}


@dataclass(frozen=True)
class Finding:
    migration: str
    operation: str
    why: str

    def __str__(self) -> str:
        return f"{self.migration}: {self.operation}: {self.why}"


def _database_operations(operations):
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation


def _added_field_problem(field) -> str:
    if field.many_to_many or field.null or field.db_default is not NOT_PROVIDED:
        return ""
    return "a NOT NULL column without db_default: old servers' INSERTs leave it out and fail"


def _altered_field_problem(old, new) -> str:
    old_path, _, old_kwargs = old.deconstruct()[1:]
    new_path, _, new_kwargs = new.deconstruct()[1:]
    if old_path != new_path:
        return f"the column's type changes ({old_path.rsplit('.', 1)[-1]} to {new_path.rsplit('.', 1)[-1]})"
    if old.null and not new.null:
        return "the column becomes NOT NULL: old servers may still write NULL"
    if (new.max_length or 0) and (old.max_length or 0) > new.max_length:
        return f"the column becomes shorter ({old.max_length} to {new.max_length})"
    for name in sorted(set(old_kwargs) | set(new_kwargs)):
        if name in _HARMLESS_CHANGES or name in {"null", "max_length"}:
            continue
        if old_kwargs.get(name) != new_kwargs.get(name):
            return f"{name} changes ({old_kwargs.get(name)!r} to {new_kwargs.get(name)!r})"
    return ""


def problems(migration, state_before) -> list[Finding]:
    """What in ``migration`` would break servers of the release before, judged against ``state_before``
    (the project's state just before it). A migration marked ``contracts`` has none."""
    if getattr(migration, "contracts", ""):
        return []
    label = f"{migration.app_label}.{migration.name}"
    found = []
    for operation in _database_operations(migration.operations):
        kind = type(operation).__name__
        model = getattr(operation, "model_name_lower", None)
        if model is not None and (migration.app_label, model) not in state_before.models:
            continue  # a table this migration creates: no old server reads or writes it
        if isinstance(operation, CONTRACTING):
            found.append(Finding(label, kind, "takes away or renames what old servers use"))
        elif isinstance(operation, migrations.AddField):
            why = _added_field_problem(operation.field)
            if why:
                found.append(Finding(label, f"{kind} {operation.model_name}.{operation.name}", why))
        elif isinstance(operation, migrations.AlterField):
            old = state_before.models[migration.app_label, operation.model_name_lower].fields[operation.name]
            why = _altered_field_problem(old, operation.field)
            if why:
                found.append(Finding(label, f"{kind} {operation.model_name}.{operation.name}", why))
    return found


def judged(loader, *, baseline: dict[str, str] = BASELINE):
    """Peixun's migrations after the baseline, each with the project's state just before it."""
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if not type(migration).__module__.startswith("peixun."):
            continue
        if app in baseline and name <= baseline[app]:
            continue
        yield migration, loader.project_state((app, name), at_end=False)


def unsafe_migrations(loader) -> list[Finding]:
    return [finding for migration, state in judged(loader) for finding in problems(migration, state)]
