"""The database's own guard of the training record on SQLite (PostgreSQL's is made by the migrations).

SQLite alters a table by making a new one and copying the rows, and the new table has none of the old
one's triggers; so the triggers are made again, if missing, after every ``migrate``. SQLite refuses
updates of ledger entries and changes of an official's demo mark. It does not refuse deletes: it has no
session setting to tell the demo reload's purge from any other delete, and Django's test runner empties
SQLite tables with DELETE between tests. ``LedgerEntry.delete`` refuses them in the application, as it
does everywhere.
"""

from django.db import connections

SQLITE_TRIGGERS = {
    "records_ledger_no_update": """
        CREATE TRIGGER IF NOT EXISTS records_ledger_no_update
        BEFORE UPDATE ON records_ledgerentry
        BEGIN
            SELECT RAISE(ABORT, 'training record entries are append-only: record a correction instead');
        END
    """,
    "people_official_demo_mark_fixed": """
        CREATE TRIGGER IF NOT EXISTS people_official_demo_mark_fixed
        BEFORE UPDATE OF is_demo ON people_official
        WHEN OLD.is_demo IS NOT NEW.is_demo
        BEGIN
            SELECT RAISE(ABORT, 'an official''s demo mark is fixed when the official is recorded');
        END
    """,
}


def install_sqlite_triggers(*, using: str = "default", **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"records_ledgerentry", "people_official"} <= tables:
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
