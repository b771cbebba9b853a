"""The PDF kit: Chinese and Latin each in its own embedded font, the punctuation they share going with
the Chinese it touches."""

import pytest

from peixun.core.pdf import (
    CHINESE_CANNOT_START,
    CJK_BOLD,
    CJK_FONT,
    LATIN_BOLD,
    LATIN_FONT,
    chinese_line_breaking,
    font_runs,
    markup,
    page_decorations,
    paragraph,
    register_fonts,
    string_width,
)


def test_chinese_runs_are_set_in_the_chinese_font_and_the_rest_in_the_latin_one():
    assert font_runs("Energy Smart Cities / 能源智慧城市") == [
        (LATIN_FONT, "Energy Smart Cities / "),
        (CJK_FONT, "能源智慧城市"),
    ]
    assert font_runs("第1讲") == [(CJK_FONT, "第"), (LATIN_FONT, "1"), (CJK_FONT, "讲")]


def test_quotes_and_the_middle_dot_go_with_the_chinese_they_touch():
    # A transliterated name keeps its middle dot, a Chinese title its quotation marks, a character wide.
    assert font_runs("Karen Whitfield (卡伦·惠特菲尔德)") == [
        (LATIN_FONT, "Karen Whitfield ("),
        (CJK_FONT, "卡伦·惠特菲尔德"),
        (LATIN_FONT, ")"),
    ]
    assert font_runs("举办的“能源智慧城市”培训班") == [(CJK_FONT, "举办的“能源智慧城市”培训班")]
    assert font_runs("气候韧性——面向市长") == [(CJK_FONT, "气候韧性——面向市长")]
    # In Latin text they stay as narrow as Latin text wants them.
    assert font_runs("the course “Energy Smart Cities” · 3 h") == [
        (LATIN_FONT, "the course “Energy Smart Cities” · 3 h")
    ]
    assert font_runs("兹证明 · This is to certify that") == [
        (CJK_FONT, "兹证明"),
        (LATIN_FONT, " · This is to certify that"),
    ]


def test_bold_text_is_bold_in_both_fonts():
    assert font_runs("Day / 日期", bold=True) == [(LATIN_BOLD, "Day / "), (CJK_BOLD, "日期")]


def test_markup_escapes_and_names_the_chinese_font():
    assert markup("R&D <pilots> 研发＆试点\nnext") == (
        f'R&amp;D &lt;pilots&gt; <font name="{CJK_FONT}">研发＆试点</font><br/>next'
    )
    assert markup("日期", bold=True) == f'<font name="{CJK_BOLD}">日期</font>'


def test_a_paragraph_in_a_bold_style_sets_its_chinese_bold():
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    bold = paragraph("Status / 状态", ParagraphStyle("h", fontName=LATIN_BOLD))
    regular = paragraph("Status / 状态", ParagraphStyle("p", fontName=LATIN_FONT))
    assert CJK_BOLD in bold.text and CJK_BOLD not in regular.text
    fonts = {getattr(frag, "fontName", None) for frag in bold.frags}
    assert {LATIN_BOLD, CJK_BOLD} <= fonts


@pytest.mark.parametrize("text", ["Lù Zhìmíng", "Lǚ Bù", "Ōuyáng Nànà", "卡伦·惠特菲尔德", "“能源”"])
def test_every_character_of_names_and_chinese_text_has_a_glyph(text):
    """Pinyin's tone marks (ǚ included) are in the Latin font, the middle dot and quotes in the Chinese."""
    from reportlab.pdfbase.pdfmetrics import getFont

    register_fonts()
    for font, chunk in font_runs(text):
        face = getFont(font).face
        missing = [c for c in chunk if ord(c) not in face.charToGlyph]
        assert not missing, (font, missing)
    assert string_width(text, 10) > 0


def test_the_footer_is_drawn_on_every_page_with_its_number_and_the_number_of_pages():
    import io

    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    register_fonts()
    style = ParagraphStyle("body", fontName=LATIN_FONT, fontSize=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, initialFontName=LATIN_FONT)
    story = [paragraph("One", style), PageBreak(), paragraph("Two", style), PageBreak(), paragraph("Three", style)]
    footer = page_decorations(
        "培训档案 Training transcript", "Printed 2026-10-19", "第{page}页 · Page {page} of {pages}"
    )
    document.build(story, canvasmaker=footer)
    pages = ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页·Page{number}of3" in text
        assert "培训档案Trainingtranscript" in text and "Printed2026-10-19" in text


def test_chinese_punctuation_never_starts_a_line_and_teaching_it_twice_adds_nothing():
    import reportlab.platypus.paragraph as paragraph_module

    chinese_line_breaking()
    once = paragraph_module.ALL_CANNOT_START
    chinese_line_breaking()
    assert paragraph_module.ALL_CANNOT_START == once
    assert all(mark in once for mark in CHINESE_CANNOT_START)
