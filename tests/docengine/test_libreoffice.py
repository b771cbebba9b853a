"""LibreOffice opens every exported deck and document with its layout intact: the translated file
renders to as many pages as the original, and the Chinese is on them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from peixun.docengine import NOTES, export, extract
from tests.shared_fixtures import FIXTURES

from .conftest import CHINESE_FONT, LIBREOFFICE

pytestmark = [
    pytest.mark.skipif(LIBREOFFICE is None, reason="needs LibreOffice (libreoffice or soffice on PATH)"),
    pytest.mark.skipif(not CHINESE_FONT, reason="needs a Chinese font for LibreOffice (Debian: fonts-noto-cjk)"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (Debian: poppler-utils)"),
]

FILES = sorted([*(FIXTURES / "decks").glob("*.pptx"), *(FIXTURES / "documents").glob("*.docx")])


def to_pdf(folder, *paths):
    subprocess.run(
        [LIBREOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=600,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )


def pdf_text(reader) -> str:
    """The PDF's text without white space: text extraction puts spaces between Chinese and digits."""
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each fixture as it is, and translated (every segment), rendered to PDF by LibreOffice in one run."""
    originals, translated = tmp_path_factory.mktemp("originals"), tmp_path_factory.mktemp("translated")
    for path in FILES:
        data, kind = path.read_bytes(), path.suffix[1:]
        (originals / path.name).write_bytes(data)
        translations = {s.key: f"译文{s.order}" for s in extract(data, kind)}
        (translated / path.name).write_bytes(export(data, kind, translations))
    to_pdf(originals, *sorted(originals.iterdir()))
    to_pdf(translated, *sorted(p for p in translated.iterdir() if p.suffix != ".pdf"))
    return originals, translated


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_libreoffice_renders_the_translation_with_the_originals_pages(rendered, path):
    from pypdf import PdfReader

    originals, translated = rendered
    before = PdfReader(originals / f"{path.stem}.pdf")
    after = PdfReader(translated / f"{path.stem}.pdf")
    assert len(after.pages) == len(before.pages) or path.suffix == ".docx"
    # Speaker notes are not on the slides; a deck whose only text is in notes (or has none) shows none.
    if any(segment.kind != NOTES for segment in extract(path.read_bytes(), path.suffix[1:])):
        assert "译文" in pdf_text(after)


@pytest.mark.parametrize("mode", ["translated", "bilingual"])
def test_libreoffice_converts_a_generated_deck_and_document(tmp_path, mode):
    from pypdf import PdfReader

    from .builders import build_deck, build_document

    for data, kind in ((build_deck(), "pptx"), (build_document(), "docx")):
        segments = extract(data, kind)
        exported = export(data, kind, {s.key: f"译文{s.order}" for s in segments}, mode=mode)
        source = tmp_path / f"{mode}.{kind}"
        source.write_bytes(exported)
        to_pdf(tmp_path, source)
        text = pdf_text(PdfReader(tmp_path / f"{mode}.pdf"))
        assert "译文0" in text
        if mode == "bilingual":
            assert segments[0].text.split()[0] in text


TAGGED_FILES = sorted([*FILES, *(p for p in (FIXTURES / "formatting").iterdir() if p.suffix in (".pptx", ".docx"))])


@pytest.fixture(scope="module")
def rendered_with_tags(tmp_path_factory):
    """Each fixture (``formatting/`` too) translated with its tags kept, rendered by LibreOffice."""
    from peixun.docengine import Tag, Tagged

    originals, translated = tmp_path_factory.mktemp("tag-originals"), tmp_path_factory.mktemp("tag-translated")
    for path in TAGGED_FILES:
        data, kind = path.read_bytes(), path.suffix[1:]
        (originals / path.name).write_bytes(data)
        translations = {
            s.key: Tagged(tuple(i if isinstance(i, Tag) or not i.strip() else f"译文{s.order}" for i in s.tagged.items))
            for s in extract(data, kind)
        }
        (translated / path.name).write_bytes(export(data, kind, translations))
    to_pdf(originals, *sorted(originals.iterdir()))
    to_pdf(translated, *sorted(p for p in translated.iterdir() if p.suffix != ".pdf"))
    return originals, translated


@pytest.mark.parametrize("path", TAGGED_FILES, ids=[p.name for p in TAGGED_FILES])
def test_libreoffice_renders_a_translation_that_kept_its_tags(rendered_with_tags, path):
    from pypdf import PdfReader

    originals, translated = rendered_with_tags
    before = PdfReader(originals / f"{path.stem}.pdf")
    after = PdfReader(translated / f"{path.stem}.pdf")
    assert len(after.pages) == len(before.pages) or path.suffix == ".docx"
    # A paragraph that is all one field (FldSimple.docx: a FILENAME field) is computed anew on opening.
    shown = [s for s in extract(path.read_bytes(), path.suffix[1:]) if s.kind != NOTES]
    if any(str(s.tagged) != "<g1>" + s.text + "</g1>" or s.tags[0].label != "field" for s in shown):
        assert "译文" in pdf_text(after)


def word_boxes(pdf) -> list[tuple[int, float, float, float, str]]:
    """(page, yMin, yMax, page height, word) of every word LibreOffice drew, in points, from pdftotext -bbox."""
    import re

    found = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    boxes, page, height = [], 0, 0.0
    for line in found.splitlines():
        if line.strip().startswith("<page "):
            page += 1
            height = float(re.search(r'height="([\d.]+)"', line).group(1))
        elif line.strip().startswith("<word "):
            y_min, y_max = (
                float(v) for v in re.search(r'yMin="(-?[\d.]+)" xMax="-?[\d.]+" yMax="(-?[\d.]+)"', line).groups()
            )
            boxes.append((page, y_min, y_max, height, re.sub(r"<[^>]+>", "", line).strip()))
    return boxes


def test_a_shrunk_chinese_title_stays_inside_its_frame_in_libreoffice(tmp_path):
    from .test_fit import LONG_TITLE, key_of, metrics, title_deck

    data = title_deck()
    key = key_of(data)
    for name, fit in (("as_is", False), ("shrunk", True)):
        (tmp_path / f"{name}.pptx").write_bytes(export(data, "pptx", {key: LONG_TITLE}, fit=fit, metrics=metrics()))
    to_pdf(tmp_path, tmp_path / "as_is.pptx", tmp_path / "shrunk.pptx")
    # The frame: 36 pt from the top, 50.4 pt high.
    top, bottom = 36.0, 36.0 + 50.4
    as_is, shrunk = word_boxes(tmp_path / "as_is.pdf"), word_boxes(tmp_path / "shrunk.pdf")
    assert max(box[2] for box in as_is) > bottom + 20  # the check's finding is real
    assert shrunk and all(top - 1 <= box[1] and box[2] <= bottom + 1 for box in shrunk)


BILINGUAL_CHECKED = [
    "decks/poi-ececapstonespring2012.pptx",
    "formatting/poi-45541_Footer.pptx",
    # Slide 19 holds its text in ellipses, whose text rectangle is narrower and lower than the shape.
    "decks/poi-aascu.org_workarea_downloadasset.aspx_id=5864.pptx",
]


@pytest.mark.parametrize("where", BILINGUAL_CHECKED)
def test_a_bilingual_fixture_renders_no_text_below_the_slide(tmp_path, where):
    from .test_fit import metrics

    name = where.split("/")[1]
    data = (FIXTURES / where).read_bytes()
    translations = {s.key: "中文翻译" * max(1, len(s.text) // 8) for s in extract(data, "pptx") if s.kind != NOTES}
    (tmp_path / name).write_bytes(export(data, "pptx", translations, mode="bilingual", metrics=metrics()))
    to_pdf(tmp_path, tmp_path / name)
    boxes = word_boxes(tmp_path / name.replace(".pptx", ".pdf"))
    assert any("中文" in box[4] for box in boxes)
    below = [box for box in boxes if box[2] > box[3] + 1]
    assert below == []
