"""The printable timetable, read back as a person's PDF reader would."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import SessionFactory
from tests.pdf_fonts import assert_fonts_embedded

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (841.89, 595.28)  # points


def fetch(client, world, role="coordinator") -> PdfReader:
    client.force_login(world.users[role])
    response = client.get(reverse("timetables:course_pdf", args=[world.course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="timetable-20270301-energy-smart-cities.pdf"'
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """The document's text without whitespace: a cell's line breaks may fall anywhere in a title."""
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_prints_the_titles_in_both_languages(client, world, full_day):
    text = text_of(fetch(client, world))
    assert "EnergySmartCities" in text
    assert "能源智慧城市" in text  # the course
    assert "能源总体规划" in text  # a session
    assert "研讨：本市能源消费基线" in text
    assert "EnergymasterplanningAdaLovelace" not in text  # title and lecturer are separate lines
    assert "Energymasterplanning" in text
    assert "AdaLovelace" in text
    assert "NAMC/市长研修学院" in text  # the academy, in the title block


def test_the_pdf_is_a4_landscape_with_the_header_on_every_page(client, world):
    for day in range(1, 13):
        for part in (1, 2):
            SessionFactory(
                course=world.course,
                date=world.course.start + datetime.timedelta(days=day),
                part_of_day=part,
                title_en="Green buildings and what they save, with a long title that wraps in its cell",
                title_zh="绿色建筑标准及其节能效益，以及一个很长很长需要在单元格里换行的中文标题",
            )
    reader = fetch(client, world)
    assert len(reader.pages) > 1
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE
        text = "".join(page.extract_text().split())
        assert "Morning" in text and "Afternoon" in text and "Evening" in text
        assert f"Page{number}of{len(reader.pages)}" in text


def test_day_off_rows_are_labelled_in_both_languages(client, world):
    text = text_of(fetch(client, world))
    assert text.count("Dayoff/休息日") == 3  # two Sundays in the table, and the title block's "Day off"


def test_the_pdf_carries_its_title_in_the_metadata(client, world):
    assert fetch(client, world).metadata.title == "Energy Smart Cities / 能源智慧城市"


def test_awkward_characters_in_titles_print(client, world):
    SessionFactory(course=world.course, part_of_day=2, title_en="R&D <pilots> & “smart” grids", title_zh="研发＆试点")
    text = text_of(fetch(client, world))
    assert "R&D<pilots>&“smart”grids" in text
    assert "研发＆试点" in text


def test_a_course_without_sessions_still_prints(client, world):
    world.session.delete()
    text = text_of(fetch(client, world, role="staff"))
    assert "EnergySmartCities" in text and "能源智慧城市" in text


def test_the_pdf_embeds_every_font_it_uses(client, world, full_day):
    fonts = assert_fonts_embedded(fetch(client, world))
    assert {font.family for font in fonts} == {
        "NotoSans-Regular",
        "NotoSans-Bold",
        "NotoSansSC-Regular",
        "NotoSansSC-Bold",
    }
