"""Who may see and change training records and certificates (each module defines its own)."""

from . import rules_ledger  # noqa: F401
from .certificates import rules as certificate_rules  # noqa: F401
