"""Every migration is safe to run while servers of the release before still serve (peixun/core/schema_safety.py,
docs/operations.md, "Upgrading with several app servers"), and the rule finds what would break them."""

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from peixun.core.schema_safety import BASELINE, problems, unsafe_migrations


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def test_every_migration_after_the_baseline_only_expands_the_schema(loader):
    found = unsafe_migrations(loader)
    assert found == [], "\n".join(map(str, found)) + (
        "\nExpand instead (a nullable column or db_default, a new table), or mark the migration with "
        "`contracts = '<why>'` and ship it in a release of its own (docs/operations.md)."
    )


def test_the_baseline_names_migrations_that_exist(loader):
    for app, name in BASELINE.items():
        assert (app, name) in loader.disk_migrations, f"{app}.{name}"


def migration(*operations, **attributes):
    body = {"operations": list(operations), **attributes}
    return type("Migration", (migrations.Migration,), body)("9999_probe", "jobs")


def judge(loader, *operations, **attributes):
    state = loader.project_state()  # every migration applied: the probe comes after them
    return [finding.why for finding in problems(migration(*operations, **attributes), state)]


@pytest.mark.parametrize(
    "operation",
    [
        migrations.RemoveField("job", "attempts"),
        migrations.RenameField("job", "attempts", "tries"),
        migrations.DeleteModel("OutgoingMail"),
        migrations.RenameModel("OutgoingMail", "Mail"),
        migrations.AlterModelTable("job", "jobs_work"),
    ],
    ids=lambda operation: type(operation).__name__,
)
def test_taking_away_or_renaming_is_refused(loader, operation):
    assert judge(loader, operation) == ["takes away or renames what old servers use"]


def test_a_new_column_old_inserts_leave_out_must_be_nullable_or_have_a_database_default(loader):
    assert judge(loader, migrations.AddField("job", "queue", models.CharField(max_length=20, default="x"))) == [
        "a NOT NULL column without db_default: old servers' INSERTs leave it out and fail"
    ]
    assert judge(loader, migrations.AddField("job", "queue", models.CharField(max_length=20, null=True))) == []
    assert judge(loader, migrations.AddField("job", "queue", models.CharField(max_length=20, db_default="x"))) == []


def test_a_table_the_migration_creates_takes_any_column(loader):
    """No old server knows the new table, so its columns (a foreign key added after both tables exist) may be
    NOT NULL; the same column on an existing table is still refused."""
    create = migrations.CreateModel("Probe", [("id", models.BigAutoField(primary_key=True))])
    column = migrations.AddField("probe", "job", models.ForeignKey("jobs.Job", on_delete=models.CASCADE))
    assert judge(loader, create, column) == []
    assert judge(loader, migrations.AddField("job", "probe", models.IntegerField())) == [
        "a NOT NULL column without db_default: old servers' INSERTs leave it out and fail"
    ]


def test_a_column_may_be_relaxed_but_not_tightened_or_retyped(loader):
    assert judge(loader, migrations.AlterField("job", "key", models.CharField(max_length=20, blank=True))) == [
        "the column becomes shorter (200 to 20)"
    ]
    assert judge(loader, migrations.AlterField("job", "key", models.TextField(blank=True))) == [
        "the column's type changes (CharField to TextField)"
    ]
    started_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="jobs")
    assert judge(loader, migrations.AlterField("job", "started_by", started_by)) == [
        "the column becomes NOT NULL: old servers may still write NULL"
    ]
    longer = models.CharField("what", max_length=400, blank=True, help_text="named")
    assert judge(loader, migrations.AlterField("job", "key", longer)) == []


def test_a_migration_that_says_why_it_contracts_is_accepted(loader):
    assert judge(loader, migrations.RemoveField("job", "attempts"), contracts="unused since release 12") == []


def test_moving_a_model_in_the_state_alone_is_no_change_to_the_tables(loader):
    moved = migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("OutgoingMail")])
    assert judge(loader, moved) == []
