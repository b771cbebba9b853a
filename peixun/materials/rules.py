"""Who may do what with presentations (each module defines its own)."""

from . import rules_workflow  # noqa: F401
from .workbench import rules as workbench_rules  # noqa: F401
