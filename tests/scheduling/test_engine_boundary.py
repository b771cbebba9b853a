"""The engine knows nothing of Django: importing it loads no Django module, and its source imports none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "peixun" / "scheduling"

PROBE = """
import sys
import peixun.scheduling
import peixun.scheduling.__main__
from peixun.scheduling import explain, greedy, io, model, modules, objective, solver, validate
from peixun.scheduling.solver import solve
leaked = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
assert not leaked, leaked
print("clean")
"""


def test_importing_the_engine_loads_no_django():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parents[1])},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_the_engine_source_imports_nothing_from_django_or_the_apps():
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                assert not (name.startswith("peixun.") and not name.startswith("peixun.scheduling")), (
                    f"{path.name} imports {name}"
                )


def test_importing_the_dataclasses_does_not_load_ortools():
    """The Django side can build problems without paying for OR-Tools until it solves."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, peixun.scheduling; print('ortools' in sys.modules)"],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False", done.stderr
