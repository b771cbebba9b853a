"""Every kind of PDF Peixun makes embeds every font it uses, so that its Chinese shows in any reader
(a font left out is borrowed from the reader's machine, and Chinese fonts often are not there)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from peixun.demo.loader import placeholder_pdf
from tests.pdf_fonts import assert_fonts_embedded, not_embedded, pdf_fonts, text_of
from tests.records.certificates.conftest import world  # noqa: F401 (a finished course, its certificate, every role)

pytestmark = pytest.mark.django_db

FAMILIES = {"NotoSans-Regular", "NotoSans-Bold", "NotoSansSC-Regular", "NotoSansSC-Bold"}

#: Each module that makes PDFs, and the test below that covers it.
MAKERS = {
    "peixun/timetables/pdf.py": "timetable",
    "peixun/records/certificates/pdf.py": "certificate, transcript",
    "peixun/impact/pdf.py": "impact",
    "peixun/demo/loader.py": "demo placeholder",
}


def fetch(client, user, url) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def every_pdf(client, world) -> dict[str, bytes]:  # noqa: F811
    from peixun.records.certificates.codes import display_code

    users = world.users
    return {
        "timetable": fetch(client, users["coordinator"], reverse("timetables:course_pdf", args=[world.course.pk])),
        "certificate": fetch(
            client, users["official"], reverse("certificates:pdf", args=[display_code(world.certificate.code)])
        ),
        "own transcript": fetch(client, users["official"], reverse("certificates:my_transcript")),
        "transcript": fetch(client, users["staff"], reverse("certificates:transcript", args=[world.official.pk])),
        "impact": fetch(client, users["staff"], reverse("impact:pdf")),
        "demo placeholder": placeholder_pdf("纽约城市规划（中文译本）", "PlaNYC (Chinese translation)"),
    }


#: Chinese that each PDF must give back as text (the fonts carry the map from glyphs to characters).
CHINESE = {
    "timetable": ["能源智慧城市", "第1讲", "欢迎晚宴", "休息日"],
    "certificate": ["结业证书", "王伟", "能源智慧城市", "学院印章"],
    "own transcript": ["培训档案", "王伟", "深圳市住房和建设局"],
    "transcript": ["培训档案", "王伟", "能源智慧城市·第1讲"],
    "impact": ["成效报告", "已培训官员", "市长研修学院"],
    "demo placeholder": ["纽约城市规划（中文译本）"],
}


def test_every_pdf_embeds_every_font_it_uses_and_its_chinese_reads_back(client, world):  # noqa: F811
    pdfs = every_pdf(client, world)
    assert set(pdfs) == set(CHINESE)
    for kind, pdf in pdfs.items():
        fonts = assert_fonts_embedded(pdf)
        assert {font.family for font in fonts} <= FAMILIES, kind
        assert {"NotoSansSC-Regular", "NotoSans-Regular"} <= {font.family for font in fonts}, kind
        text = text_of(pdf)
        for chinese in CHINESE[kind]:
            assert chinese in text, (kind, chinese)


def test_the_check_finds_the_fonts_a_pdf_leaves_out(tmp_path):
    """The fonts PDFs were printed in before: Helvetica and the CID font STSong-Light, neither embedded."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "old.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("STSong-Light", 12)
    canvas.drawString(72, 720, "结业证书")
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(72, 700, "Certificate")
    canvas.save()
    pdf = path.read_bytes()
    assert sorted((font.name, font.subtype) for font in not_embedded(pdf)) == [
        ("Helvetica", "/Type1"),
        ("Helvetica-Bold", "/Type1"),
        ("STSong-Light", "/Type0"),
    ]
    with pytest.raises(AssertionError, match="fonts not embedded: .*STSong-Light"):
        assert_fonts_embedded(pdf)


def test_a_font_used_only_inside_a_form_is_found_too(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from peixun.core.pdf import LATIN_FONT, register_fonts

    register_fonts()
    path = tmp_path / "form.pdf"
    canvas = Canvas(str(path), initialFontName=LATIN_FONT)
    canvas.beginForm("stamp")
    canvas.setFont("Courier", 10)
    canvas.drawString(0, 0, "inside a form")
    canvas.endForm()
    canvas.doForm("stamp")
    canvas.save()
    assert [(font.name, font.embedded) for font in pdf_fonts(path.read_bytes())] == [("Courier", False)]


def test_every_module_that_makes_pdfs_is_covered_above():
    """A new kind of PDF must join :func:`every_pdf`: this lists the modules that build one."""
    root = Path(__file__).resolve().parent.parent
    builders = re.compile(r"\b(SimpleDocTemplate|BaseDocTemplate|Canvas)\(")
    found = {
        str(path.relative_to(root))
        for path in (root / "peixun").rglob("*.py")
        if "migrations" not in path.parts and builders.search(path.read_text(encoding="utf-8"))
    }
    assert found == set(MAKERS)
