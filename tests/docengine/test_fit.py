"""Whether translated text fits its frames, tables and slides (``fit.py``), and shrinking it on export."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from peixun.docengine import check_fit, export, extract
from peixun.docengine.extract import locate
from peixun.docengine.fit import Metrics
from tests.shared_fixtures import FIXTURES

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DECKS = sorted((FIXTURES / "decks").glob("*.pptx"))
LONG_TITLE = "城市更新中的海绵城市建设与气候适应型基础设施投融资机制创新研究及其在中国东部沿海城市的试点经验总结"


def font_files() -> dict[str, str]:
    """The Noto faces ``manage.py prepare_fonts`` makes in var/fonts, by face name."""
    from pathlib import Path

    fonts = Path(__file__).resolve().parents[2] / "var" / "fonts"
    found = {}
    for face in ("NotoSansSC-Regular", "NotoSans-Regular", "NotoSansSC-Bold", "NotoSans-Bold"):
        paths = sorted(fonts.glob(f"{face}.*.ttf"))
        if not paths:
            pytest.skip("needs the fonts manage.py prepare_fonts makes in var/fonts")
        found[face] = str(paths[0])
    return found


def metrics() -> Metrics:
    """The fonts as Peixun measures with them (``materials.fitting.text_metrics``): Regular and Bold."""
    files = font_files()
    return Metrics.from_files(
        files["NotoSansSC-Regular"],
        files["NotoSans-Regular"],
        cjk_bold=files["NotoSansSC-Bold"],
        latin_bold=files["NotoSans-Bold"],
    )


def title_deck(*, autofit: str | None = None) -> bytes:
    """One slide with a short English title in a frame one 32 pt line high."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_textbox(Emu(457_200), Emu(457_200), Emu(4_572_000), Emu(640_080))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = "Sponge cities"
    run.font.size = Pt(32)
    body = frame._txBody.find(f"{{{A}}}bodyPr")
    for child in list(body):
        body.remove(child)
    if autofit is not None:
        body.append(body.makeelement(f"{{{A}}}{autofit}", {}))
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def table_deck(rows: int = 4) -> bytes:
    """A table of ``rows`` rows near the bottom of the slide, each cell a few English words."""
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    height = deck.slide_height
    shape = slide.shapes.add_table(rows, 2, Emu(457_200), Emu(height - 2_400_000), Emu(6_000_000), Emu(rows * 370_840))
    for r in range(rows):
        for c in range(2):
            shape.table.cell(r, c).text = f"Row {r} item {c}"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def shape_deck(shape: str) -> bytes:
    """One slide with a short English phrase in an autoshape 360 by 144 pt (``"OVAL"``, ``"RECTANGLE"``)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu, Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    box = slide.shapes.add_shape(getattr(MSO_SHAPE, shape), Emu(457_200), Emu(457_200), Emu(4_572_000), Emu(1_828_800))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Sponge cities"
    run.font.size = Pt(18)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def key_of(data: bytes, prefix: str = "s1/") -> str:
    return next(s.key for s in extract(data, "pptx") if s.key.startswith(prefix))


def test_a_long_chinese_title_in_a_small_frame_is_reported_with_its_lines():
    data = title_deck()
    key = key_of(data)

    issues = check_fit(data, "pptx", {key: LONG_TITLE}, metrics=metrics())

    overflow = [issue for issue in issues if issue.code == "frame_overflow"]
    assert len(overflow) == 1 and overflow[0].key == key
    assert overflow[0].params["slide"] == 1
    assert overflow[0].params["available"] == 1
    assert overflow[0].params["lines"] >= 4
    assert overflow[0].message_en.startswith("Slide 1: the text needs about")


def test_a_short_translation_raises_nothing():
    data = title_deck()
    assert check_fit(data, "pptx", {key_of(data): "海绵城市"}, metrics=metrics()) == []


def test_without_font_files_the_estimate_still_reports_the_long_title():
    data = title_deck()
    assert [issue.code for issue in check_fit(data, "pptx", {key_of(data): LONG_TITLE})] == ["frame_overflow"]


def test_a_frame_that_grows_with_its_text_is_reported_when_it_passes_the_slide():
    data = title_deck(autofit="spAutoFit")
    key = key_of(data)
    assert check_fit(data, "pptx", {key: LONG_TITLE}, metrics=metrics()) == []

    issues = check_fit(data, "pptx", {key: LONG_TITLE * 6}, metrics=metrics())
    assert [issue.code for issue in issues] == ["past_slide_bottom"]
    assert issues[0].params["cm"] > 0


def test_a_table_grown_past_the_slide_is_reported_and_a_short_one_is_not():
    data = table_deck()
    segments = extract(data, "pptx")
    long = {s.key: LONG_TITLE for s in segments}
    short = {s.key: "第一行" for s in segments}

    issues = check_fit(data, "pptx", long, metrics=metrics())
    assert [issue.code for issue in issues] == ["table_past_slide"]
    assert issues[0].params["cm"] > 1
    assert check_fit(data, "pptx", short, metrics=metrics()) == []


#: Sixty characters: four 18 pt lines across the whole shape, five in an ellipse's narrower text rectangle.
SIXTY = (LONG_TITLE * 2)[:60]


def test_text_in_an_ellipse_is_measured_in_the_ellipses_text_rectangle():
    ellipse, rectangle = shape_deck("OVAL"), shape_deck("RECTANGLE")

    issues = check_fit(ellipse, "pptx", {key_of(ellipse): SIXTY}, metrics=metrics())

    assert [issue.code for issue in issues] == ["frame_overflow"]
    assert issues[0].params["available"] == 3
    assert check_fit(rectangle, "pptx", {key_of(rectangle): SIXTY}, metrics=metrics()) == []


def test_the_text_rectangle_of_an_ellipse_is_inscribed_and_a_rectangles_is_the_shape():
    from peixun.docengine.fit import frames

    (ellipse,) = frames(locate(shape_deck("OVAL"), "pptx")[0])
    (rectangle,) = frames(locate(shape_deck("RECTANGLE"), "pptx")[0])

    # 360 by 144 pt less 7.2 by 3.6 pt of insets on each side; an ellipse keeps cos 45° of each.
    assert rectangle.room() == pytest.approx((345.6, 136.8))
    assert ellipse.room() == pytest.approx((360 * 0.70711 - 14.4, 144 * 0.70711 - 7.2), abs=0.01)
    top, bottom = (emu / 12_700 for emu in ellipse.extent(ellipse.room()[1]))
    assert (top, bottom) == pytest.approx((36 + 144 * 0.14645 + 3.6, 36 + 144 * 0.85355 - 3.6), abs=0.01)


def test_shrinking_keeps_the_text_inside_the_ellipse():
    from peixun.docengine.fit import Fitting

    data = shape_deck("OVAL")
    shrunk = export(data, "pptx", {key_of(data): SIXTY}, mode="bilingual", metrics=metrics())

    (frame,) = Fitting(locate(shrunk, "pptx")[0], metrics()).frames
    assert frame.text_height(metrics()) <= frame.room()[1]
    assert max(int(rpr.get("sz")) for rpr in etree.fromstring(member(shrunk)).iter(f"{{{A}}}rPr")) < 1800


BOLD_LINE = "Sponge cities: water management"


def bold_deck(width_pt: float, bold: str | None) -> bytes:
    """One slide with a short English word at 32 pt in a frame one line high, ``width_pt`` wide inside
    its insets; bold set on the ``"run"``, on the frame's ``"list style"``, or not (None)."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from peixun.docengine.fit import INSET_LR

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    width = round(width_pt * 12_700) + 2 * INSET_LR
    box = slide.shapes.add_textbox(Emu(457_200), Emu(457_200), Emu(width), Emu(640_080))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = "Sponge"
    run.font.size = Pt(32)
    body = frame._txBody.find(f"{{{A}}}bodyPr")
    for child in list(body):
        body.remove(child)
    if bold == "list style":
        lst = frame._txBody.find(f"{{{A}}}lstStyle")
        level = etree.SubElement(lst, f"{{{A}}}lvl1pPr")
        etree.SubElement(level, f"{{{A}}}defRPr", b="1")
    elif bold == "run":
        run.font.bold = True
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def line_width(text: str, measured: Metrics, *, bold: bool, size: float = 32) -> float:
    from peixun.docengine.fit import DEFAULT_LATIN_SCALE

    return sum(measured.width(c, DEFAULT_LATIN_SCALE, bold) for c in text) * size


@pytest.mark.parametrize("bold", ["run", "list style"])
def test_a_bold_line_is_measured_with_the_bold_fonts_widths(bold):
    files = font_files()
    regular_only = Metrics.from_files(files["NotoSansSC-Regular"], files["NotoSans-Regular"])
    narrow = line_width(BOLD_LINE, metrics(), bold=False)
    wide = line_width(BOLD_LINE, metrics(), bold=True)
    # The frame is as wide as the line in regular type and a little: in bold it needs two lines.
    assert narrow == line_width(BOLD_LINE, regular_only, bold=False)
    assert narrow * 1.02 < wide
    data = bold_deck(narrow * 1.01, bold)
    key = key_of(data)

    issues = check_fit(data, "pptx", {key: BOLD_LINE}, metrics=metrics())

    assert [(issue.code, issue.params["lines"], issue.params["available"]) for issue in issues] == [
        ("frame_overflow", 2, 1)
    ]
    # Not bold, the same line fits the same frame.
    plain = bold_deck(narrow * 1.01, None)
    assert check_fit(plain, "pptx", {key_of(plain): BOLD_LINE}, metrics=metrics()) == []


def test_without_a_bold_font_bold_latin_is_widened_by_the_documented_factor_and_chinese_is_not():
    from peixun.docengine.fit import BOLD_LATIN_SCALE, LATIN_EM

    files = font_files()
    regular_only = Metrics.from_files(files["NotoSansSC-Regular"], files["NotoSans-Regular"])
    assert regular_only.width("m", 0.9, bold=True) == pytest.approx(regular_only.width("m", 0.9) * BOLD_LATIN_SCALE)
    assert regular_only.width("城", 0.9, bold=True) == regular_only.width("城", 0.9)
    assert Metrics().width("m", 0.9, bold=True) == pytest.approx(LATIN_EM * BOLD_LATIN_SCALE)
    # With the bold font its own widths count, not the factor.
    bold = metrics()
    assert bold.width("m", 0.9, bold=True) == pytest.approx(bold.latin_bold.widths[ord("m")] * 0.9)
    assert bold.latin_bold.widths[ord("m")] != pytest.approx(bold.latin.widths[ord("m")] * BOLD_LATIN_SCALE)


def test_shrink_to_fit_writes_smaller_sizes_that_fit():
    data = title_deck()
    key = key_of(data)

    shrunk = export(data, "pptx", {key: LONG_TITLE}, fit=True, metrics=metrics())
    as_is = export(data, "pptx", {key: LONG_TITLE}, metrics=metrics())

    sizes = [int(rpr.get("sz")) for rpr in etree.fromstring(member(shrunk)).iter(f"{{{A}}}rPr")]
    assert sizes and max(sizes) < 3200
    assert all(int(rpr.get("sz")) == 3200 for rpr in etree.fromstring(member(as_is)).iter(f"{{{A}}}rPr"))
    # Measured again, the shrunk deck's text fits its frame.
    from peixun.docengine.fit import Fitting

    fitting = Fitting(locate(shrunk, "pptx")[0], metrics())
    frame = fitting.frames[0]
    assert frame.text_height(metrics()) <= frame.room()[1]


def test_bilingual_export_shrinks_by_default_and_can_be_told_not_to():
    data = title_deck(autofit="spAutoFit")
    key = key_of(data)
    text = LONG_TITLE * 4
    default = export(data, "pptx", {key: text}, mode="bilingual", metrics=metrics())
    kept = export(data, "pptx", {key: text}, mode="bilingual", fit=False, metrics=metrics())
    sizes = {rpr.get("sz") for rpr in etree.fromstring(member(default)).iter(f"{{{A}}}rPr")}
    assert "3200" not in sizes
    assert "3200" in {rpr.get("sz") for rpr in etree.fromstring(member(kept)).iter(f"{{{A}}}rPr")}


def member(data: bytes, name: str = "ppt/slides/slide1.xml") -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_the_identity_translation_raises_no_fit_finding(path):
    data = path.read_bytes()
    translations = {s.key: s.text for s in extract(data, "pptx")}
    assert check_fit(data, "pptx", translations, metrics=metrics()) == []


def test_setting_the_east_asian_font_clears_the_old_fonts_hints():
    data = title_deck()
    key = key_of(data)
    slide = member(data).replace(
        b'<a:rPr sz="3200"/>',
        b'<a:rPr sz="3200"><a:ea typeface="MS Mincho" charset="-128" panose="02020609040205080304" '
        b'pitchFamily="49"/></a:rPr>',
    )
    assert b"charset" in slide
    written = export(build_with(data, slide), "pptx", {key: "海绵城市"})

    ea = etree.fromstring(member(written)).find(f".//{{{A}}}ea")
    assert ea.get("typeface") == "Microsoft YaHei"
    assert {"charset", "panose", "pitchFamily"}.isdisjoint(ea.attrib)


def build_with(data: bytes, slide: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, slide if info.filename == "ppt/slides/slide1.xml" else source.read(info))
    return out.getvalue()
