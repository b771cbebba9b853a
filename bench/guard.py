"""Benchmark (not a test): the upload guard on a hostile deck, a real-sized deck and a deck at the limits.

    .venv/bin/python bench/guard.py                  # 3 runs of each measure (medians), about 40 s
    .venv/bin/python bench/guard.py --quick          # one run of each, without the old path: about 15 s
    .venv/bin/python bench/guard.py --smoke          # the same checks on 1/100 of the data and limits, ~2 s

``--smoke`` (run by tests/bench/test_smoke.py, so `make test` fails when this script breaks) scales the
decks and the paragraph and segment limits down a hundredfold; its times mean nothing.

What it measures:

- ``hostile``: a 0.5 MB deck of 200,000 tiny paragraphs on one slide, written into the zip directly.
  ``refuse_s`` is :func:`inspect_upload` refusing it (``too_many_paragraphs``, from the streaming
  count, before any parser runs; ``parsed`` says whether the parsing half was called, and must be
  false). ``old_path_s`` and ``old_path_rss_mb`` (not with ``--quick``) are what accepting it cost
  before the limits: python-pptx opening it and the engine splitting it, in this process, and how
  much the process grew.
- ``real``: the generated 200-slide deck of bench/documents.py (about 2,100 segments): ``bounded_s`` is
  the guard as uploads run it (parsing in a child held to the time and memory limits),
  ``in_process_s`` the same checks parsing in this process: the difference is what the child costs.
  ``first_bounded_s`` is the first call, which also starts the forkserver.
- ``at_limits``: a deck just inside the default counts (19,900 segments among 98,900 paragraphs):
  ``bounded_s``, which must stay well inside the default time limit.

One JSON document on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.documents import SEED, make_deck  # noqa: E402
from peixun.docengine import UploadRejected, guard, inspect_upload  # noqa: E402

SLIDE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>'
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
    '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9144000" cy="6858000"/></a:xfrm></p:spPr>'
    "<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
)


def deck_with_paragraphs(count: int, *, empty: int = 0) -> bytes:
    """A one-slide deck whose slide holds ``count`` tiny paragraphs and ``empty`` empty ones."""
    skeleton = make_deck(1, random.Random(SEED))
    text = "".join(f"<a:p><a:r><a:t>{number}</a:t></a:r></a:p>" for number in range(count)) + "<a:p/>" * empty
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "ppt/slides/slide1.xml":
                data = SLIDE.format(paragraphs=text).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 3)


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each measure, without the old path")
    parser.add_argument("--repeat", type=int, default=None, help="runs of each measure (default 3; --quick 1)")
    parser.add_argument("--smoke", action="store_true", help="1/100 of the data and limits: a check")
    args = parser.parse_args()
    if args.smoke:
        args.quick = True
    repeat = args.repeat or (1 if args.quick else 3)
    started = time.perf_counter()
    # --smoke divides the decks and the paragraph and segment limits by 100.
    scale = 100 if args.smoke else 1
    limits = (
        {"max_paragraphs": guard.DEFAULT_MAX_PARAGRAPHS // scale, "max_segments": guard.DEFAULT_MAX_SEGMENTS // scale}
        if args.smoke
        else {}
    )
    hostile_paragraphs = 200_000 // scale

    print("building the hostile deck", file=sys.stderr, flush=True)
    hostile = deck_with_paragraphs(hostile_paragraphs)
    parsed = []
    real_read = guard.read_for_upload

    def watched(*call):
        parsed.append(call[1])
        return real_read(*call)

    def refuse() -> None:
        guard.read_for_upload = watched
        try:
            inspect_upload(hostile, "hostile.pptx", **limits)
        except UploadRejected as refused:
            assert refused.code == "too_many_paragraphs", refused
        else:
            raise AssertionError("the hostile deck was accepted")
        finally:
            guard.read_for_upload = real_read

    print("refusing it", file=sys.stderr, flush=True)
    doc_hostile = {
        "size_mb": round(len(hostile) / 2**20, 2),
        "paragraphs": hostile_paragraphs,
        "refuse_s": timed(refuse, repeat),
    }
    doc_hostile["parsed"] = bool(parsed)

    print("the 200-slide deck, bounded and in process", file=sys.stderr, flush=True)
    real = make_deck(200 // scale, random.Random(SEED))
    first = time.perf_counter()
    segments = inspect_upload(real, "real.pptx", **limits).segments
    doc_real = {
        "segments": segments,
        "first_bounded_s": round(time.perf_counter() - first, 3),
        "bounded_s": timed(lambda: inspect_upload(real, "real.pptx", **limits), repeat),
        "in_process_s": timed(lambda: inspect_upload(real, "real.pptx", parse_limits=None, **limits), repeat),
    }

    print("a deck at the limits", file=sys.stderr, flush=True)
    # Just inside the limits, less the skeleton's own paragraphs and segments (title, notes).
    at_limits = deck_with_paragraphs(180, empty=650) if args.smoke else deck_with_paragraphs(19_900, empty=79_000)
    doc_limits = {
        "segments": inspect_upload(at_limits, "limits.pptx", **limits).segments,
        "bounded_s": timed(lambda: inspect_upload(at_limits, "limits.pptx", **limits), repeat),
        "parse_seconds_limit": guard.ParseLimits().seconds,
    }

    if not args.quick:
        print("the old path: parsing the hostile deck whole, in process", file=sys.stderr, flush=True)
        before = rss_mb()
        old = time.perf_counter()
        count = len(guard.read_for_upload(hostile, "pptx", 10**9)[1])
        doc_hostile["old_path_s"] = round(time.perf_counter() - old, 3)
        doc_hostile["old_path_segments"] = count
        doc_hostile["old_path_rss_mb"] = round(rss_mb() - before, 1)

    doc = {
        "benchmark": "guard",
        "smoke": args.smoke,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "repeat": repeat,
        "hostile": doc_hostile,
        "real": doc_real,
        "at_limits": doc_limits,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(doc, indent=2))
    return 0 if not doc_hostile["parsed"] else 1


if __name__ == "__main__":
    sys.exit(main())
