"""The engine knows nothing of Django: importing it loads no Django module, and its source imports none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "peixun" / "docengine"

PROBE = """
import sys
import peixun.docengine
from peixun.docengine import checks, export, extract, glossary, guard, tm, tmx
leaked = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
assert not leaked, leaked
print("clean", "pptx" in sys.modules, "docx" in sys.modules)
"""


def test_importing_the_engine_loads_no_django_nor_the_office_libraries():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parents[1])},
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["clean", "False", "False"]


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
                assert not (name.startswith("peixun.") and not name.startswith("peixun.docengine")), (
                    f"{path.name} imports {name}"
                )
