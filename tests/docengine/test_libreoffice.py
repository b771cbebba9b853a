"""Optional: LibreOffice opens an exported deck and document (collected only where it is installed,
see conftest.py). It renders what python-pptx only parses: a file it cannot convert is one users
would see fail."""

from __future__ import annotations

import subprocess

import pytest

from peixun.docengine import export, extract

from .builders import build_deck, build_document
from .conftest import LIBREOFFICE


@pytest.mark.parametrize(("data", "kind"), [(build_deck(), "pptx"), (build_document(), "docx")], ids=["pptx", "docx"])
def test_libreoffice_converts_a_bilingual_export_to_pdf(tmp_path, data, kind):
    from pypdf import PdfReader

    segments = extract(data, kind)
    exported = export(data, kind, {segment.key: f"译文{segment.order}" for segment in segments}, mode="bilingual")
    source = tmp_path / f"exported.{kind}"
    source.write_bytes(exported)

    subprocess.run(
        [LIBREOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "exported.pdf").pages)
    assert "译文0" in text
    assert segments[0].text.split()[0] in text
