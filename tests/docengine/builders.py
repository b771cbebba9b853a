"""Files for the document engine's tests: the shared real-world fixtures, and small generated ones that
hold what the fixtures lack (text in groups and charts, fields, duplicate ids, Word headers and notes)."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

from tests.shared_fixtures import FIXTURES

DECKS = sorted((FIXTURES / "decks").glob("*.pptx"))
DOCUMENTS = sorted((FIXTURES / "documents").glob("*.docx"))
MALFORMED = sorted(path for path in (FIXTURES / "malformed").iterdir() if path.suffix in (".pptx", ".docx"))

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def kind_of(path: Path) -> str:
    return path.suffix.lstrip(".")


def build_deck() -> bytes:
    """Two slides and what each key form needs.

    Slide 1: a title; a body with a bold run, a line break and a slide-number field; a text box low on
    the slide added *before* one high on the slide (reading order must put the high one first); a
    group holding a text box and a nested group; a second shape given the same id as the title;
    speaker notes of two paragraphs. Slide 2: a 2 × 2 table with an empty cell and a chart with a
    title and a value-axis title.
    """
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Sponge cities in practice"
    body = slide.placeholders[1].text_frame
    body.text = "Green roofs hold rain"
    second = body.add_paragraph()
    plain = second.add_run()
    plain.text = "Permeable paving covers "
    bold = second.add_run()
    bold.text = "35% of streets"
    bold.font.bold = True
    bold.font.size = Pt(24)
    bold.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    third = body.add_paragraph()
    third.text = "First line\vsecond line"
    footer_line = body.add_paragraph()
    footer_line.add_run().text = "Slide "
    _append_field(footer_line._p, "slidenum", "1")
    low = slide.shapes.add_textbox(Inches(1), Inches(6.5), Inches(4), Inches(0.5))
    low.text_frame.text = "Source: city water bureau"
    high = slide.shapes.add_textbox(Inches(6), Inches(0.1), Inches(3), Inches(0.5))
    high.text_frame.text = "Draft for the academy"
    group = slide.shapes.add_group_shape()
    inner = group.shapes.add_textbox(Inches(1), Inches(5), Inches(3), Inches(0.5))
    inner.text_frame.text = "Inside a group"
    nested = group.shapes.add_group_shape()
    nested.shapes.add_textbox(Inches(4), Inches(5.2), Inches(3), Inches(0.5)).text_frame.text = "In a nested group"
    twin = slide.shapes.add_textbox(Inches(7), Inches(6), Inches(2), Inches(0.5))
    twin.text_frame.text = "Same id as the title"
    twin._element.nvSpPr.cNvPr.set("id", str(slide.shapes.title.shape_id))
    notes = slide.notes_slide.notes_text_frame
    notes.text = "Ask about rainfall in their city."
    notes.add_paragraph().text = "Show the Wuhan photographs."

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Results"
    table = slide.shapes.add_table(2, 2, Inches(0.5), Inches(1.5), Inches(4), Inches(1.5)).table
    table.cell(0, 0).text = "District"
    table.cell(0, 1).text = "Runoff cut"
    table.cell(1, 0).text = "Old town"
    data = CategoryChartData()
    data.categories = ["Transport", "Buildings"]
    data.add_series("2020", (3.1, 4.2))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(5), Inches(1.5), Inches(4), Inches(3), data
    ).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "Emissions by sector"
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = "Mt CO2"
    return _saved(prs)


def _append_field(p, field_type: str, text: str) -> None:
    fld = etree.SubElement(p, f"{{{A}}}fld", {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": field_type})
    etree.SubElement(fld, f"{{{A}}}t").text = text
    end = p.find(f"{{{A}}}endParaRPr")
    if end is not None:
        end.addprevious(fld)


def build_document() -> bytes:
    """A Word document with what the keys and the writer must handle.

    Body: a heading; a paragraph with a tab, a line break and a page break; a paragraph with a
    hyperlink and deleted text; a 2 × 2 table with a nested table; a paragraph ending its section.
    Sections: the first with its own header and footer, the second linked to the first (the parts
    are listed once), the third with its own header.
    """
    import docx
    from docx.enum.text import WD_BREAK
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    document.add_heading("Green financing in Chinese cities", level=1)
    paragraph = document.add_paragraph("Bond issues\tgrew")
    run = paragraph.add_run()
    run.add_break()
    paragraph.add_run("in 2023")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    linked = document.add_paragraph("See ")
    rid = document.part.relate_to("https://www.pbc.gov.cn/", RT.HYPERLINK, is_external=True)
    hyperlink = etree.SubElement(linked._p, f"{{{W}}}hyperlink", {f"{{{R}}}id": rid})
    link_run = etree.SubElement(hyperlink, f"{{{W}}}r")
    etree.SubElement(link_run, f"{{{W}}}t").text = "the central bank"
    deleted = etree.SubElement(linked._p, f"{{{W}}}del", {f"{{{W}}}id": "1", f"{{{W}}}author": "A"})
    etree.SubElement(etree.SubElement(deleted, f"{{{W}}}r"), f"{{{W}}}delText").text = " (old text)"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Instrument"
    table.cell(0, 1).text = "Volume"
    table.cell(1, 0).text = "Green bonds"
    nested = table.cell(1, 1).add_table(rows=1, cols=1)
    nested.cell(0, 0).text = "Nested cell"
    ending = document.add_paragraph("End of the first section")
    first = document.sections[0]
    first.header.paragraphs[0].text = "Peixun training materials"
    first.footer.paragraphs[0].text = "Confidential"
    document.add_section()
    document.add_paragraph("Second section text")
    third = document.add_section()
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].text = "Annex"
    document.add_paragraph("Third section text")
    _end_section_in(ending._p)
    return _saved(document)


def _end_section_in(p) -> None:
    """Move the first section break (an empty paragraph python-docx adds) into paragraph ``p``."""
    body = p.getparent()
    for candidate in p.itersiblings():
        ppr = candidate.find(f"{{{W}}}pPr")
        section = ppr.find(f"{{{W}}}sectPr") if ppr is not None else None
        if section is not None:
            own = p.find(f"{{{W}}}pPr")
            if own is None:
                own = etree.SubElement(p, f"{{{W}}}pPr")
                p.insert(0, own)
            own.append(copy.deepcopy(section))
            body.remove(candidate)
            return


def with_footnote(data: bytes) -> bytes:
    """``data`` with a footnotes part holding the separators and one written footnote."""
    footnotes = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:t>Data from the 2023 bulletin.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    members = _members(data)
    rels = members["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFootnotes" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    )
    types = (
        members["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"/></Types>',
        )
    )
    members.update(
        {
            "word/_rels/document.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
            "word/footnotes.xml": footnotes,
        }
    )
    return zip_of(members)


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def members_of(data: bytes) -> dict[str, bytes]:
    return _members(data)


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SLIDE_NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)


def slide_xml(paragraphs: str) -> bytes:
    """A slide whose one text box holds ``paragraphs`` (``<a:p>`` elements, written as text)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<p:sld {SLIDE_NAMESPACES}><p:cSld><p:spTree>"
        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9144000" cy="6858000"/></a:xfrm></p:spPr>'
        f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>"
        "</p:spTree></p:cSld></p:sld>"
    ).encode()


def deck_with_paragraphs(count: int, *, empty: int = 0) -> bytes:
    """A small deck whose first slide holds ``count`` tiny paragraphs of text and ``empty`` empty ones,
    written into the zip directly (python-pptx would take minutes to add them)."""
    text = "".join(f"<a:p><a:r><a:t>{number}</a:t></a:r></a:p>" for number in range(count))
    members = members_of(build_deck())
    members["ppt/slides/slide1.xml"] = slide_xml(text + "<a:p/>" * empty)
    return zip_of(members)
