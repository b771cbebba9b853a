"""The dashboard's exports: the Excel workbook holds the same numbers (as numbers) with Chinese intact;
the PDF report is one A4 page whose text holds the figures and the Chinese labels."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from peixun.impact.pdf import impact_sheet, render_pdf
from peixun.impact.reports import build_report
from peixun.people.enums import JurisdictionLevel, PositionCategory
from tests.factories import AcademyFactory, SessionFactory, TopicFactory

from .conftest import D, course_ending, evaluate, official_of, place, train, with_topics


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff"])
    return client


def workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet) -> list[tuple]:
    """The table under the sheet's heading (row 4 holds the column names)."""
    return [row for row in sheet.iter_rows(min_row=5, values_only=True)]


def test_the_workbook_has_one_sheet_per_table(staff_client):
    book = workbook(staff_client.get(reverse("impact:xlsx")))
    assert book.sheetnames == [
        "Headline figures",
        "By year",
        "By academy",
        "By topic",
        "By position category",
        "By jurisdiction level",
        "Feedback by year",
        "Feedback by course",
    ]
    assert book["By academy"]["A2"].value.startswith("Academy: All academies · Years: 2026–2027")


def test_the_workbook_holds_the_dashboards_numbers_as_numbers(staff_client, world):
    book = workbook(staff_client.get(reverse("impact:xlsx")))
    figures = build_report(world.users["staff"], {}).figures
    headline = dict(rows_of(book["Headline figures"]))
    assert headline == {
        "Officials trained": 2,
        "Combined population led": 24_684_272,
        "SOE executives trained": 0,
        "Their companies": 0,
        "Courses held": 2,
        "Class hours delivered": 9,
        "First course began in": 2026,
    }
    assert figures.headline.population_led == headline["Combined population led"]
    assert rows_of(book["By year"]) == [(2026, 1, 1, 6), (2027, 1, 1, 3)]
    assert rows_of(book["By academy"]) == [
        ("CELAP", "中国浦东干部学院", 1, 1, 6),
        ("National Academy for Mayors of China", "全国市长研修学院", 1, 1, 3),
    ]
    assert rows_of(book["By topic"]) == [("Energy master planning", "能源总体规划", 1, 1)]
    assert rows_of(book["By position category"])[1] == ("Vice mayor", "副市长", 2)
    assert rows_of(book["By jurisdiction level"])[:2] == [
        ("Province-level", "省级", 0, 0, 0),
        ("Prefecture-level city", "地级市", 2, 2, 24_684_272),
    ]
    for sheet in book.worksheets:
        for row in rows_of(sheet):
            for value in row[1:]:
                assert not (isinstance(value, str) and value.replace(",", "").replace(".", "").isdigit())


def test_the_workbook_holds_the_feedback_averages(staff_client, world):
    course = course_ending(D(2026, 3, 13), world.academy, title_en="Eco-cities", title_zh="生态城市")
    session = SessionFactory(course=course)
    for interest in (5, 4, 3):
        official = official_of()
        train(official, course)
        evaluate(session, official, interest=interest, others=3)
    book = workbook(staff_client.get(reverse("impact:xlsx")))
    assert list(book["Feedback by year"].iter_rows(min_row=4, max_row=4, values_only=True))[0] == (
        "Year",
        "Responses",
        "Interest",
        "Local growth",
        "Differentiation",
        "Community health",
        "Applicability",
    )
    assert rows_of(book["Feedback by year"]) == [(2026, 3, 4, 3, 3, 3, 3)]
    (course_row,) = rows_of(book["Feedback by course"])
    assert course_row[:2] == ("Eco-cities", "生态城市")
    assert course_row[3:] == (3, 4, 3, 3, 3, 3)


def test_a_coordinators_workbook_is_their_academys(client, world):
    client.force_login(world.users["coordinator"])
    book = workbook(client.get(reverse("impact:xlsx")))
    assert [row[0] for row in rows_of(book["By academy"])] == ["National Academy for Mayors of China"]
    assert dict(rows_of(book["Headline figures"]))["Officials trained"] == 1


# ------------------------------------------------------------------------------------ the PDF


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_is_one_page_with_the_figures_and_chinese_labels(staff_client):
    response = staff_client.get(reverse("impact:pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="impact-20270615.pdf"'
    pages, text = pdf_text(response.content)
    assert pages == 1
    for expected in (
        "Officials trained",
        "已培训官员",
        "24,684,272",
        "所辖人口合计",
        "2468万",
        "24.6 million",
        "全国市长研修学院",
        "能源总体规划",
        "副市长",
        "按学院",
        "成效报告",
        "2026–2027",
        "2027年6月15日",
    ):
        assert expected in text, expected


def test_the_report_of_a_big_programme_still_fits_one_page(world, today):
    academies = [AcademyFactory(name_en=f"Academy with a long name number {i}", name_zh=f"学院{i}") for i in range(8)]
    topics = [TopicFactory(name_en=f"Topic with a long name number {i}", name_zh=f"主题{i}") for i in range(12)]
    province = place("Guangdong", JurisdictionLevel.PROVINCE, population=126_012_510)
    for year in range(2009, 2027):
        course = course_ending(D(year, 6, 12), academies[year % 8])
        with_topics(course, *topics[year % 12 : year % 12 + 3])
        session = SessionFactory(course=course)
        for index, category in enumerate(PositionCategory):
            official = official_of(place(f"City {year}-{index}", parent=province), category)
            train(official, course)
            evaluate(session, official, interest=1 + (year + index) % 5)
    report = build_report(world.users["staff"], {})
    pages, text = pdf_text(render_pdf(impact_sheet(report)))
    assert pages == 1
    assert "另有" in text  # the longest tables are cut short with "and N more"


def test_an_empty_report_is_one_page_that_says_so(client, world):
    client.force_login(world.users["staff"])
    pages, text = pdf_text(client.get(reverse("impact:pdf"), {"year_to": 2020}).content)
    assert pages == 1
    assert "暂无" in text and "None yet" in text


def test_the_report_writes_its_day_in_both_languages_as_a_formal_document_does(world, today):
    sheet = impact_sheet(build_report(world.users["staff"], {}))
    assert ("As of 截至", "15 June 2027 / 2027年6月15日") in sheet.facts
    assert "Printed on 15 June 2027" in sheet.footer and "2027年6月15日打印" in sheet.footer
