"""What the application's PostgreSQL role may do to the training record, and the grants that keep it so.

The ledger's triggers refuse updates, deletes and TRUNCATE, but a role that owns the ledger (or the
trigger functions, or the schema) can disable or replace them, and a superuser or a role that can
create roles can do anything. Production runs migrations as an owner role and serves requests as an
application role that owns nothing (docs/operations.md, "Database roles").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connections

LEDGER = "records_ledgerentry"
#: The tables whose triggers keep the ledger append-only, and the triggers each must have, enabled.
GUARDED_TABLES = {
    "records_ledgerentry": ("records_ledger_append_only", "records_ledger_no_truncate"),
    "people_official": ("people_official_demo_mark_fixed",),
}
GUARD_FUNCTIONS = ("records_ledger_append_only", "records_ledger_no_truncate", "people_official_demo_mark_fixed")
#: What the application may do to the ledger; anything more is refused by ``check_roles``.
LEDGER_PRIVILEGES = ("SELECT", "INSERT")
REFUSED_LEDGER_PRIVILEGES = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def check_roles(using: str = "default") -> tuple[str, list[Finding]]:
    """The connected role's name, and what it may do that would let it edit the ledger (PostgreSQL only)."""
    connection = connections[using]
    findings: list[Finding] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user",
        )
        role, superuser, createrole = cursor.fetchone()
        findings.append(
            Finding(not superuser, "is a superuser (bypasses every privilege)" if superuser else "is not a superuser")
        )
        findings.append(
            Finding(
                not createrole,
                "may create roles (could make itself a member of the owner role)"
                if createrole
                else "may not create roles",
            )
        )

        schemas_seen: set[str] = set()
        for table in GUARDED_TABLES:
            cursor.execute(
                "SELECT pg_get_userbyid(c.relowner), pg_has_role(current_user, c.relowner, 'MEMBER'),"
                " pg_get_userbyid(n.nspowner), pg_has_role(current_user, n.nspowner, 'MEMBER'), n.nspname"
                " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.oid = to_regclass(%s)",
                [table],
            )
            row = cursor.fetchone()
            if row is None:
                findings.append(Finding(False, f"table {table} does not exist: run migrate first"))
                continue
            owner, owns, schema_owner, owns_schema, schema = row
            findings.append(
                Finding(
                    not owns,
                    f"owns {table} (owner {owner}): could disable its triggers"
                    if owns
                    else f"does not own {table} (owner {owner})",
                )
            )
            if schema not in schemas_seen:
                schemas_seen.add(schema)
                findings.append(
                    Finding(
                        not owns_schema,
                        f"owns schema {schema} (owner {schema_owner}): could drop its tables"
                        if owns_schema
                        else f"does not own schema {schema} (owner {schema_owner})",
                    )
                )
            cursor.execute(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
                [table],
            )
            present = dict(cursor.fetchall())
            for trigger in GUARDED_TABLES[table]:
                state = present.get(trigger)
                if state is None:
                    findings.append(Finding(False, f"trigger {trigger} on {table} is missing: run migrate"))
                elif state in ("D", b"D"):
                    findings.append(Finding(False, f"trigger {trigger} on {table} is disabled"))
                else:
                    findings.append(Finding(True, f"trigger {trigger} on {table} is enabled"))

        cursor.execute(
            "SELECT p.proname, pg_get_userbyid(p.proowner), pg_has_role(current_user, p.proowner, 'MEMBER')"
            " FROM pg_proc p WHERE p.proname = ANY(%s) ORDER BY p.proname",
            [list(GUARD_FUNCTIONS)],
        )
        for name, owner, owns in cursor.fetchall():
            findings.append(
                Finding(
                    not owns,
                    f"owns function {name}() (owner {owner}): could replace it"
                    if owns
                    else f"does not own function {name}()",
                )
            )

        for privilege in REFUSED_LEDGER_PRIVILEGES:
            cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [LEDGER, privilege])
            (granted,) = cursor.fetchone()
            findings.append(
                Finding(
                    not granted,
                    f"has {privilege} on {LEDGER} (grant only {', '.join(LEDGER_PRIVILEGES)})"
                    if granted
                    else f"has no {privilege} on {LEDGER}",
                )
            )
    return role, findings


def grant_statements(role: str, schema: str = "public") -> list[str]:
    """The grants that let ``role`` run Peixun without any power over the ledger (run as the owner role)."""
    if not ROLE_NAME.match(role) or not ROLE_NAME.match(schema):
        raise ValueError(f"not a plain PostgreSQL name: {role!r} / {schema!r}")
    return [
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "{LEDGER}" FROM "{role}"',
    ]
