"""The ledger's append-only trigger no longer trusts a switch alone: a purge may remove only the entries of
demo officials, an official's demo mark is fixed when the row is made, and TRUNCATE is refused.

Before, any session that set ``peixun.purge = 'demo'`` could delete any entry, and TRUNCATE (which fires
no row triggers) emptied the ledger. SQLite's triggers are made by ``peixun.records.guards`` after every
migrate instead (SQLite remakes a table to alter it, and the remade table has lost its triggers).
"""

from django.db import migrations

GUARDS_SQL = """
CREATE OR REPLACE FUNCTION records_ledger_append_only() RETURNS trigger AS $$
BEGIN
    -- The demo loader removes the invented demo officials' entries, and says so first. The switch alone
    -- proves nothing (any session may set it): the entry must also belong to a demo official.
    IF TG_OP = 'DELETE'
       AND current_setting('peixun.purge', true) = 'demo'
       AND EXISTS (SELECT 1 FROM people_official WHERE id = OLD.official_id AND is_demo) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'training record entries are append-only: record a correction instead';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION records_ledger_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'training record entries are append-only: the ledger is never truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_ledger_no_truncate
    BEFORE TRUNCATE ON records_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION records_ledger_no_truncate();

CREATE OR REPLACE FUNCTION people_official_demo_mark_fixed() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an official''s demo mark is fixed when the official is recorded';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER people_official_demo_mark_fixed
    BEFORE UPDATE OF is_demo ON people_official
    FOR EACH ROW WHEN (OLD.is_demo IS DISTINCT FROM NEW.is_demo)
    EXECUTE FUNCTION people_official_demo_mark_fixed();
"""

UNDO_SQL = """
DROP TRIGGER IF EXISTS people_official_demo_mark_fixed ON people_official;
DROP FUNCTION IF EXISTS people_official_demo_mark_fixed();
DROP TRIGGER IF EXISTS records_ledger_no_truncate ON records_ledgerentry;
DROP FUNCTION IF EXISTS records_ledger_no_truncate();
CREATE OR REPLACE FUNCTION records_ledger_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('peixun.purge', true) = 'demo' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'training record entries are append-only: record a correction instead';
END;
$$ LANGUAGE plpgsql;
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDS_SQL)


def remove_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_default_rules_and_append_only"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_guards, remove_guards),
    ]
