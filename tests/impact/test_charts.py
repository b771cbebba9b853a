"""Charts as a person sees them: bar lengths proportional to the values, labels and values written,
titles and descriptions for screen readers, nothing a label contains breaking the page."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from peixun.courses.enums import EnrolmentStatus
from peixun.impact import charts
from peixun.people.enums import PositionCategory
from tests.factories import AcademyFactory, SessionFactory

from .conftest import SVG, D, bars_of, course_ending, evaluate, official_of, svgs_in, texts_of, train


def parse(chart: charts.Chart, chart_id: str = "c") -> ElementTree.Element:
    return ElementTree.fromstring(charts.to_svg(chart, chart_id))


def assert_proportional(lengths, values) -> None:
    """Each length is its value times one scale, to the 0.01 unit the SVG is written in."""
    lengths, values = [float(n) for n in lengths], [float(v) for v in values]
    scale = max(lengths) / max(values)
    assert scale > 0
    assert lengths == [pytest.approx(value * scale, abs=0.01) for value in values]


def test_bar_lengths_are_proportional_to_the_values_and_labels_and_values_are_written():
    values = {"Energy master planning": 120, "智慧交通": 45, "Green finance": 7, "Eco-cities": 0}
    svg = parse(charts.bar_chart([charts.Bar(label, value) for label, value in values.items()], title="Per topic"))
    bars = bars_of(svg)
    widths = [float(bar.get("width")) for bar in bars]
    assert [float(bar.get("data-value")) for bar in bars] == list(values.values())
    assert_proportional(widths, values.values())
    assert widths[-1] == 0
    assert max(widths) <= float(svg.get("viewBox").split()[2])
    texts = texts_of(svg)
    for label, value in values.items():
        assert label in texts and str(value) in texts
    assert [bar.find(f"{SVG}title").text for bar in bars] == [f"{label}: {value}" for label, value in values.items()]


def test_a_chart_is_an_image_named_by_its_title_and_described_by_its_values():
    svg = parse(charts.bar_chart([charts.Bar("2025", 1234), charts.Bar("2026", 56)], title="Officials"), "chart-x")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert svg.find(f"{SVG}title").get("id") == "chart-x-title"
    assert svg.find(f"{SVG}title").text == "Officials"
    assert svg.find(f"{SVG}desc").text == "2025: 1,234; 2026: 56"


def test_labels_are_escaped_and_long_ones_shortened_with_the_whole_label_in_the_bars_title():
    label = "<script>alert('x')</script> & a very long name that cannot fit in the width of a phone at all"
    svg = parse(charts.bar_chart([charts.Bar(label, 3)], title="T & <b>"))
    assert svg.find(f"{SVG}title").text == "T & <b>"
    shown = texts_of(svg)[0]
    assert shown.endswith("…") and label.startswith(shown[:-1])
    assert bars_of(svg)[0].find(f"{SVG}title").text == f"{label}: 3"


def test_column_heights_are_proportional_and_stand_on_one_baseline():
    values = [108, 88, 32, 0, 161]
    chart = charts.column_chart([charts.Bar(str(2020 + i), v) for i, v in enumerate(values)], title="Per year")
    bars = bars_of(parse(chart))
    heights = [float(bar.get("height")) for bar in bars]
    assert_proportional(heights, values)
    assert len({round(float(bar.get("y")) + float(bar.get("height")), 6) for bar in bars}) == 1
    assert "2020" in texts_of(parse(chart)) and "161" in texts_of(parse(chart))


def test_crowded_column_labels_are_thinned_but_every_column_keeps_its_title():
    bars = [charts.Bar(str(year), year - 2000) for year in range(2009, 2027)]
    svg = parse(charts.column_chart(bars, title="Per year", width=200, font_size=10))
    year_labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "axis-label"]
    assert year_labels[0] == "2009" and 2 <= len(year_labels) < 18
    assert len(bars_of(svg)) == 18
    assert bars_of(svg)[-1].find(f"{SVG}title").text == "2026: 26"


def test_line_points_sit_at_heights_proportional_to_the_ratings_and_a_gap_breaks_the_line():
    values = (3.0, 4.5, None, 2.0, 5.0)
    chart = charts.line_chart(
        ["2022", "2023", "2024", "2025", "2026"],
        [charts.Series("Interest", values, emphasis=True), charts.Series("Local growth", (1, 2, 3, 4, 5))],
        title="Ratings",
    )
    svg = parse(chart)
    points = [p for p in svg.iter(f"{SVG}circle") if p.get("class") == "point"]
    interest = [p for p in points if p.find(f"{SVG}title").text.startswith("Interest")]
    assert [float(p.get("data-value")) for p in interest] == [3.0, 4.5, 2.0, 5.0]
    ys = [float(p.get("cy")) for p in interest]
    # y falls as the rating rises, by the same amount per point.
    slopes = {round((ys[i] - ys[0]) / (v - 3.0), 6) for i, v in enumerate([3.0, 4.5, 2.0, 5.0]) if i}
    assert len(slopes) == 1 and slopes.pop() < 0
    lines = [line for line in svg.iter(f"{SVG}polyline")]
    assert len(lines) == 3  # interest in two runs around the gap, local growth in one
    texts = texts_of(svg)
    assert "Interest" in texts and "Local growth" in texts and "4.5" in texts
    assert svg.find(f"{SVG}desc").text.startswith("Interest: 2022 3.0, 2023 4.5, 2025 2.0, 2026 5.0")


def test_an_empty_chart_says_so():
    svg = parse(charts.bar_chart([], title="Per topic", empty="Nobody yet."))
    assert texts_of(svg) == ["Nobody yet."]
    assert bars_of(svg) == []
    assert texts_of(parse(charts.line_chart([], [], title="R", empty="No feedback."))) == ["No feedback."]


# ------------------------------------------------------------------------------------ on the page


@pytest.fixture
def dashboard_html(client, world):
    celap = world.other_academy
    for end, count in ((D(2024, 6, 14), 3), (D(2025, 6, 13), 5)):
        course = course_ending(end, celap)
        session = SessionFactory(course=course)
        for index in range(count):
            official = official_of(category=PositionCategory.MAYOR)
            train(official, course, EnrolmentStatus.COMPLETED)
            evaluate(session, official, interest=3 + index % 3)
    client.force_login(world.users["staff"])
    return client.get(reverse("impact:dashboard")).content.decode()


def test_the_dashboards_charts_show_the_tables_figures(dashboard_html):
    svgs = svgs_in(dashboard_html)
    assert set(svgs) == {
        "chart-year",
        "chart-academy",
        "chart-topic",
        "chart-position",
        "chart-level",
        "chart-population",
        "chart-feedback",
    }
    academy = svgs["chart-academy"]
    assert [float(bar.get("data-value")) for bar in bars_of(academy)] == [9, 1]
    assert_proportional([bar.get("width") for bar in bars_of(academy)], [9, 1])
    assert {"CELAP", "National Academy for Mayors of China", "9", "1"} <= set(texts_of(academy))

    years = svgs["chart-year"]
    assert [t.text for t in years.iter(f"{SVG}text") if t.get("class") == "axis-label"][0] == "2024"
    heights = [float(bar.get("height")) for bar in bars_of(years)]
    assert [float(bar.get("data-value")) for bar in bars_of(years)] == [3, 5, 1, 1]
    assert_proportional(heights, [3, 5, 1, 1])

    position = svgs["chart-position"]
    assert [bar.find(f"{SVG}title").text for bar in bars_of(position)][:2] == ["Mayor: 8", "Vice mayor: 2"]

    feedback = svgs["chart-feedback"]
    assert feedback.find(f"{SVG}title").text == "Average ratings per year (1 to 5)"
    assert len([c for c in feedback.iter(f"{SVG}circle")]) == 2 * 5  # two years, five ratings


def test_the_population_chart_shows_each_levels_counted_population(dashboard_html):
    population = svgs_in(dashboard_html)["chart-population"]
    # Hangzhou is inside Zhejiang, whose official was not trained: the cities count.
    assert [bar.find(f"{SVG}title").text for bar in bars_of(population)] == ["Prefecture-level city: 24,684,272"]


def test_a_chart_in_chinese_has_chinese_labels(client, world):
    user = world.users["staff"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    svgs = svgs_in(client.get(reverse("impact:dashboard")).content.decode())
    assert "全国市长研修学院" in texts_of(svgs["chart-academy"])
    assert "副市长" in texts_of(svgs["chart-position"])


def test_academies_in_the_chart_follow_the_table(client, world):
    AcademyFactory(code="cag", name_en="Chinese Academy of Governance", name_zh="国家行政学院")
    client.force_login(world.users["staff"])
    html = client.get(reverse("impact:dashboard")).content.decode()
    labels = [t.text for t in svgs_in(html)["chart-academy"].iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["CELAP", "National Academy for Mayors of China"]
