"""Where the shared fixtures are: real files nobody here wrote (slide decks, documents, broken files).

They live in ``shared/fixtures`` beside the project (``../shared/fixtures``). A clone made elsewhere
(``git clone . /tmp/fresh``, as CI does) looks beside the repository it was cloned from, or where
``PEIXUN_FIXTURES`` says. Tests that need them fail, rather than skip, when none is found.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _origin() -> Path | None:
    try:
        url = subprocess.run(
            ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return None
    url = url.removeprefix("file://")
    return Path(url) if url.startswith("/") else None


def _find() -> Path:
    candidates = [os.environ.get("PEIXUN_FIXTURES"), ROOT.parent / "shared" / "fixtures"]
    origin = _origin()
    if origin is not None:
        candidates.append(origin.parent / "shared" / "fixtures")
    for candidate in filter(None, candidates):
        if (Path(candidate) / "decks").is_dir():
            return Path(candidate)
    return ROOT.parent / "shared" / "fixtures"  # absent: the tests that read it fail and name the path


FIXTURES = _find()
