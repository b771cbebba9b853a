"""Who may see and change training records and certificates (each module defines its own)."""

from . import rules_certificates, rules_ledger  # noqa: F401
