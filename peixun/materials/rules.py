"""Who may do what with presentations (each module defines its own)."""

from . import rules_workbench, rules_workflow  # noqa: F401
