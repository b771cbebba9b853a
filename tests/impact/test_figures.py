"""Each definition of the impact figures at its edges (see ``peixun.impact.stats``)."""

from decimal import Decimal

import pytest

from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.curriculum.enums import SessionFormat
from peixun.impact.stats import Scope, headline, impact_figures
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from tests.factories import AcademyFactory, OrganisationFactory, SessionFactory, TopicFactory

from .conftest import TODAY, D, course_ending, evaluate, official_of, place, train, with_topics

pytestmark = pytest.mark.django_db

EVERYWHERE = Scope(today=TODAY)


def officials_trained(scope=EVERYWHERE) -> int:
    return headline(scope).officials_trained


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (EnrolmentStatus.COMPLETED, 1),
        (EnrolmentStatus.CONFIRMED, 1),
        (EnrolmentStatus.NOMINATED, 0),
        (EnrolmentStatus.WAITLISTED, 0),
        (EnrolmentStatus.WITHDRAWN, 0),
        (EnrolmentStatus.SUBSTITUTED, 0),
        (EnrolmentStatus.DECLINED, 0),
    ],
)
def test_only_confirmed_and_completed_enrolments_make_an_official_trained(status, counted):
    train(official_of(), course_ending(D(2027, 3, 14)), status)
    assert officials_trained() == counted


@pytest.mark.parametrize(
    ("end", "counted"),
    [(D(2027, 6, 14), 1), (D(2027, 6, 15), 0), (D(2027, 6, 16), 0)],
    ids=["ended-yesterday", "ends-today", "ends-tomorrow"],
)
def test_a_course_counts_once_its_last_day_is_past(end, counted):
    train(official_of(), course_ending(end))
    assert officials_trained() == counted
    assert headline(EVERYWHERE).courses_held == counted


@pytest.mark.parametrize("status", [CourseStatus.FINISHED, CourseStatus.RUNNING, CourseStatus.OPEN])
def test_any_course_status_but_cancelled_counts(status):
    train(official_of(), course_ending(D(2027, 3, 14), status=status))
    assert officials_trained() == 1


def test_a_cancelled_course_never_counts_even_with_completed_enrolments():
    course = course_ending(D(2027, 3, 14), status=CourseStatus.CANCELLED)
    SessionFactory(course=course)
    train(official_of(), course, EnrolmentStatus.COMPLETED)
    assert headline(EVERYWHERE) == headline(Scope(today=TODAY, empty=True))
    assert headline(EVERYWHERE).courses_held == 0


def test_an_official_in_several_courses_counts_once_overall_and_once_per_year():
    official = official_of()
    for end in (D(2025, 3, 14), D(2025, 9, 12), D(2026, 3, 13)):
        train(official, course_ending(end))
    figures = impact_figures(EVERYWHERE)
    assert figures.headline.officials_trained == 1
    assert [(b.key, b.officials, b.courses) for b in figures.by_year] == [(2025, 1, 2), (2026, 1, 1)]


def test_years_without_courses_show_as_zero_between_the_first_and_the_last():
    train(official_of(), course_ending(D(2023, 3, 14)))
    train(official_of(), course_ending(D(2026, 3, 13)))
    by_year = impact_figures(EVERYWHERE).by_year
    assert [(b.key, b.officials, b.courses) for b in by_year] == [
        (2023, 1, 1),
        (2024, 0, 0),
        (2025, 0, 0),
        (2026, 1, 1),
    ]


def test_the_year_of_a_course_is_the_year_of_its_last_day():
    # Begins in December 2025, ends in January 2026: a 2026 course.
    train(official_of(), course_ending(D(2026, 1, 9)))
    assert [b.key for b in impact_figures(EVERYWHERE).by_year] == [2026]
    assert officials_trained(Scope(today=TODAY, year_from=2026, year_to=2026)) == 1
    assert officials_trained(Scope(today=TODAY, year_to=2025)) == 0


def test_the_year_range_includes_both_ends():
    for year in (2020, 2021, 2022, 2023):
        train(official_of(), course_ending(D(year, 6, 12)))
    assert officials_trained(Scope(today=TODAY, year_from=2021, year_to=2022)) == 2
    assert officials_trained(Scope(today=TODAY, year_from=2021)) == 3
    assert officials_trained(Scope(today=TODAY, year_to=2021)) == 2


def test_academy_scope_counts_only_that_academys_courses():
    namc, celap = AcademyFactory(code="namc"), AcademyFactory(code="celap")
    both = official_of()
    train(both, course_ending(D(2026, 3, 13), namc))
    train(both, course_ending(D(2026, 9, 11), celap))
    train(official_of(), course_ending(D(2026, 5, 15), celap))
    assert officials_trained(Scope(today=TODAY, academy_ids=(namc.pk,))) == 1
    assert officials_trained(Scope(today=TODAY, academy_ids=(celap.pk,))) == 2
    by_academy = impact_figures(EVERYWHERE).by_academy
    assert [(b.key, b.officials, b.courses) for b in by_academy] == [(celap.pk, 2, 2), (namc.pk, 1, 1)]
    assert officials_trained() == 2


def test_an_academy_with_courses_but_nobody_trained_shows_with_zero_officials():
    quiet = AcademyFactory(code="cag", name_en="Chinese Academy of Governance", name_zh="国家行政学院")
    course_ending(D(2026, 3, 13), quiet)
    by_academy = impact_figures(EVERYWHERE).by_academy
    assert [(b.label_en, b.label_zh, b.officials, b.courses) for b in by_academy] == [
        ("Chinese Academy of Governance", "国家行政学院", 0, 1)
    ]


def test_topics_come_from_the_modules_of_the_courses_taken():
    energy = TopicFactory(name_en="Energy master planning", name_zh="能源总体规划", order=1)
    transport = TopicFactory(name_en="Smart transportation", name_zh="智慧交通", order=2)
    unused = TopicFactory(name_en="Eco-cities", name_zh="生态城市", order=3)
    first = course_ending(D(2026, 3, 13))
    with_topics(first, energy, transport)
    with_topics(first, energy)  # the same topic in two modules of a course: still once
    second = course_ending(D(2026, 9, 11))
    with_topics(second, transport)
    untopical = course_ending(D(2026, 10, 16))
    a, b, c = official_of(), official_of(), official_of()
    train(a, first)
    train(a, second)
    train(b, second)
    train(c, untopical)
    by_topic = impact_figures(EVERYWHERE).by_topic
    assert [(t.label_en, t.officials, t.courses) for t in by_topic] == [
        ("Smart transportation", 2, 2),
        ("Energy master planning", 1, 1),
    ]
    assert unused.pk not in [t.key for t in by_topic]


def test_position_categories_are_all_listed_in_their_order_with_counts():
    train(official_of(category=PositionCategory.MAYOR), course_ending(D(2026, 3, 13)))
    train(official_of(category=PositionCategory.MAYOR), course_ending(D(2026, 3, 13)))
    train(official_of(category=PositionCategory.SOE_EXECUTIVE, jurisdiction=None), course_ending(D(2026, 3, 13)))
    by_position = impact_figures(EVERYWHERE).by_position
    assert [(b.key, b.officials) for b in by_position] == [
        ("mayor", 2),
        ("vice_mayor", 0),
        ("party_secretary", 0),
        ("bureau_officer", 0),
        ("provincial_official", 0),
        ("soe_executive", 1),
        ("other", 0),
    ]
    assert (by_position[0].label_en, by_position[0].label_zh) == ("Mayor", "市长")


def test_jurisdiction_levels_have_a_bucket_for_officials_without_one():
    province = place("Jiangsu", JurisdictionLevel.PROVINCE, population=84_748_016)
    city = place("Suzhou", parent=province, population=12_748_262)
    course = course_ending(D(2026, 3, 13))
    train(official_of(province, PositionCategory.PROVINCIAL_OFFICIAL), course)
    train(official_of(city), course)
    train(official_of(None, PositionCategory.BUREAU_OFFICER), course)
    by_level = impact_figures(EVERYWHERE).by_level
    assert [(b.key, b.officials, b.places, b.population) for b in by_level] == [
        ("province", 1, 1, 84_748_016),
        ("prefecture", 1, 0, 0),  # Suzhou is inside Jiangsu, already counted
        ("county", 0, 0, 0),
        ("district", 0, 0, 0),
        (None, 1, 0, 0),
    ]


def test_executives_are_trained_soe_executives_and_their_companies_are_distinct_company_units():
    sinopec = OrganisationFactory(name_en="Sinopec", kind=OrganisationKind.SOE)
    state_grid = OrganisationFactory(name_en="State Grid", kind=OrganisationKind.SOE)
    private = OrganisationFactory(name_en="Envision", kind=OrganisationKind.COMPANY)
    ministry = OrganisationFactory(name_en="Ministry of Housing", kind=OrganisationKind.GOVERNMENT)
    course = course_ending(D(2026, 3, 13))
    executive = PositionCategory.SOE_EXECUTIVE
    train(official_of(None, executive, sinopec), course)
    train(official_of(None, executive, sinopec), course)  # same company: counted once
    train(official_of(None, executive, private), course)
    train(official_of(None, executive, ministry), course)  # an executive, but not sent by a company
    train(official_of(None, PositionCategory.BUREAU_OFFICER, state_grid), course)  # not an executive
    train(official_of(None, executive, state_grid), course, EnrolmentStatus.NOMINATED)  # not trained
    figures = headline(EVERYWHERE)
    assert (figures.executives_trained, figures.companies) == (4, 2)


def test_an_executives_company_is_the_unit_that_sent_them_to_the_course():
    old, new = (OrganisationFactory(kind=OrganisationKind.SOE) for _ in range(2))
    executive = official_of(None, PositionCategory.SOE_EXECUTIVE, new)
    train(executive, course_ending(D(2024, 3, 15)), unit=old)
    train(executive, course_ending(D(2026, 3, 13)), unit=new)
    assert (headline(EVERYWHERE).executives_trained, headline(EVERYWHERE).companies) == (1, 2)


def test_class_hours_are_those_of_the_sessions_of_held_courses():
    held = course_ending(D(2026, 3, 13))
    SessionFactory(course=held, class_hours=Decimal("3.0"))
    SessionFactory(course=held, class_hours=Decimal("1.5"))
    SessionFactory(course=held, format=SessionFormat.DINNER, class_hours=Decimal("0"))
    course_ending(D(2026, 5, 15))  # held, with no sessions recorded
    SessionFactory(course=course_ending(D(2026, 3, 13), status=CourseStatus.CANCELLED), class_hours=Decimal("6"))
    SessionFactory(course=course_ending(D(2027, 9, 10)), class_hours=Decimal("6"))  # not over yet
    figures = headline(EVERYWHERE)
    assert (figures.courses_held, figures.class_hours) == (2, Decimal("4.5"))


def test_since_is_the_year_the_first_held_course_began():
    course_ending(D(2010, 1, 8))  # began on 26 December 2009
    course_ending(D(2008, 6, 13), status=CourseStatus.CANCELLED)
    assert headline(EVERYWHERE).since == 2009
    assert headline(Scope(today=TODAY, empty=True)).since is None


def test_feedback_is_averaged_per_year_and_per_course_over_held_courses_only():
    early = course_ending(D(2025, 3, 14), title_en="Eco-cities", title_zh="生态城市")
    late = course_ending(D(2026, 3, 13), title_en="Green finance", title_zh="绿色金融")
    cancelled = course_ending(D(2026, 3, 13), status=CourseStatus.CANCELLED)
    running = course_ending(D(2027, 6, 20))
    a, b, c = official_of(), official_of(), official_of()
    early_session, late_session = SessionFactory(course=early), SessionFactory(course=late)
    for official, interest in ((a, 5), (b, 4), (c, 3)):
        evaluate(early_session, official, interest=interest, others=4)
    for official, interest, others in ((a, 2, 1), (b, 3, 2), (c, 1, 3)):
        evaluate(late_session, official, interest=interest, others=others)
    for course in (cancelled, running):
        session = SessionFactory(course=course)
        for official in (a, b, c):
            evaluate(session, official, interest=1)
    figures = impact_figures(EVERYWHERE)
    assert [(row.key, row.responses, row.averages) for row in figures.feedback_by_year] == [
        (2025, 3, (4.0, 4.0, 4.0, 4.0, 4.0)),
        (2026, 3, (2.0, 2.0, 2.0, 2.0, 2.0)),
    ]
    assert [
        (row.label_en, row.label_zh, row.responses, row.average("interest")) for row in figures.feedback_by_course
    ] == [
        ("Eco-cities", "生态城市", 3, 4.0),
        ("Green finance", "绿色金融", 3, 2.0),
    ]


def test_feedback_figures_count_only_answers_released_to_readers_without_names():
    """Two answers left after the session's last batch of three are never released (feedback/release.py),
    so the figures never move by one or two answers: they would give those answers away."""
    course = course_ending(D(2026, 3, 13))
    session = SessionFactory(course=course)
    officials = [official_of() for _ in range(5)]
    for official, interest in zip(officials, (5, 5, 5, 1, 1), strict=True):
        evaluate(session, official, interest=interest)
    (row,) = impact_figures(EVERYWHERE).feedback_by_year
    assert (row.responses, row.average("interest")) == (3, 5.0)


def test_an_empty_scope_counts_nothing():
    train(official_of(place("Hangzhou")), course_ending(D(2026, 3, 13)))
    figures = impact_figures(Scope(today=TODAY, empty=True))
    assert figures.headline.officials_trained == 0
    assert figures.headline.population_led == 0
    assert figures.by_year == [] and figures.by_academy == [] and figures.feedback_by_year == []
