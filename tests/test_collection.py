"""Every test module under tests/ is collected: no folder is passed over by pytest's ``norecursedirs``."""

from fnmatch import fnmatch
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_folder_is_passed_over(request):
    skipped_patterns = request.config.getini("norecursedirs")
    folders = {path.parent for path in TESTS.rglob("test_*.py")}
    passed_over = [
        str(folder.relative_to(TESTS))
        for folder in folders
        for part in folder.relative_to(TESTS).parts
        if any(fnmatch(part, pattern) for pattern in skipped_patterns)
    ]
    assert passed_over == []
    assert TESTS / "timetables" / "build" in folders
