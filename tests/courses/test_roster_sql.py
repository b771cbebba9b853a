"""The roster's hand-written statement (selectors.ROSTER_SQL) against the ORM, field by field and type by type,
on generated rosters: every status, substitutes, officials with and without places, Chinese and Latin names,
ids up to 19 digits; and course pages asked for a 20-digit id."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peixun.core.enums import Role
from peixun.core.i18n import pick
from peixun.courses import selectors
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment
from peixun.people.enums import PositionCategory
from peixun.people.models import Official
from tests.factories import CourseFactory, JurisdictionFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

BIGGEST_ID = 2**63 - 1

NAMES_ZH = st.sampled_from(["王伟", "李娜", "欧阳娜娜", "张敏", "Anna Schmidt", "O'Brien", "Zoë Müller", "陈 静"])
TEXT = st.sampled_from(["", "Vice Mayor", "副市长", "Director of Transport", "交通局局长", "Ana", "Ürün"])
MOMENT = st.datetimes(
    min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 12, 31), timezones=st.just(datetime.UTC)
)

OFFICIAL = st.fixed_dictionaries(
    {
        "name_zh": NAMES_ZH,
        "name_en": st.sampled_from(["", "David", "Lina Li", "Émile"]),
        "title_en": TEXT,
        "title_zh": TEXT,
        "position_category": st.sampled_from(PositionCategory.values),
        "place": st.sampled_from([None, 0, 1]),  # none, a place named in both languages, one in Chinese only
        "unit": st.sampled_from([0, 1]),
        "email": st.sampled_from(["", "wang@example.cn"]),
        "phone": st.sampled_from(["", "+86 571 8888 0000"]),
        "status": st.sampled_from(EnrolmentStatus.values),
        "priority": st.integers(min_value=0, max_value=32767),
        "nominated_at": MOMENT,
        "substitute": st.booleans(),  # replaces the official before them
    }
)
ROSTER = st.tuples(
    st.lists(OFFICIAL, min_size=0, max_size=8),
    st.lists(st.integers(min_value=1, max_value=BIGGEST_ID), min_size=16, max_size=16, unique=True),
)


@pytest.fixture
def world():
    units = [OrganisationFactory(name_en="Hangzhou", name_zh="杭州市"), OrganisationFactory(name_zh="宁波市")]
    units[1].name_en = ""
    units[1].save()
    places = [JurisdictionFactory(name_en="Zhejiang", name_zh="浙江省"), JurisdictionFactory(name_zh="温州市")]
    places[1].name_en = ""
    places[1].save()
    staff = UserFactory(role=Role.STAFF)
    contact = UserFactory(role=Role.UNIT_CONTACT, sending_unit=units[1])
    return {"course": CourseFactory(), "units": units, "places": places, "users": [staff, contact]}


def orm_roster(user, course, statuses=None) -> list[dict]:
    """What the roster shows, read through the ORM."""
    enrolments = selectors.visible_enrolments(user, course)
    if statuses is not None:
        enrolments = enrolments.filter(status__in=statuses)
    return list(
        enrolments.order_by("official__search_key", "id").values(
            "id",
            "official_id",
            "status",
            "priority",
            "nominated_at",
            "official__name_zh",
            "official__name_pinyin",
            "official__name_en",
            "official__position_category",
            "official__title_en",
            "official__title_zh",
            "official__jurisdiction__name_en",
            "official__jurisdiction__name_zh",
            "unit__name_en",
            "unit__name_zh",
            "official__email",
            "official__phone",
        )
    )


def expected_row(row: dict) -> dict:
    return {
        "enrolment_id": row["id"],
        "official_id": row["official_id"],
        "status": row["status"],
        "priority": row["priority"],
        "nominated_at": row["nominated_at"],
        "name_zh": row["official__name_zh"],
        "name_pinyin": row["official__name_pinyin"],
        "name_en": row["official__name_en"],
        "position_category": row["official__position_category"],
        "title_en": row["official__title_en"],
        "title_zh": row["official__title_zh"],
        # No place is shown as empty text; a name missing in the active language falls back to the other.
        "jurisdiction": pick(
            row["official__jurisdiction__name_en"] or "", row["official__jurisdiction__name_zh"] or ""
        ),
        "unit": pick(row["unit__name_en"], row["unit__name_zh"]),
        "email": row["official__email"],
        "phone": row["official__phone"],
    }


def assert_same(rows: list[selectors.RosterRow], orm: list[dict]) -> None:
    assert [r.enrolment_id for r in rows] == [o["id"] for o in orm]
    for row, o in zip(rows, orm, strict=True):
        expected = expected_row(o)
        for field, value in expected.items():
            got = getattr(row, field)
            assert got == value, (field, got, value)
            assert type(got) is type(value), (field, type(got), type(value))
        assert row.nominated_at.tzinfo is not None


def make_roster(world, officials, ids):
    course = world["course"]
    previous = None
    for i, spec in enumerate(officials):
        place = None if spec["place"] is None else world["places"][spec["place"]]
        official = Official(
            pk=ids[2 * i],
            name_zh=spec["name_zh"],
            name_en=spec["name_en"],
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            position_category=spec["position_category"],
            jurisdiction=place,
            sending_unit=world["units"][spec["unit"]],
            email=spec["email"],
            phone=spec["phone"],
        )
        official.save()
        previous = Enrolment.objects.create(
            pk=ids[2 * i + 1],
            course=course,
            official=official,
            unit=official.sending_unit,
            status=spec["status"],
            priority=spec["priority"],
            nominated_at=spec["nominated_at"],
            replaces=previous if spec["substitute"] and previous and not hasattr(previous, "replaced_by") else None,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    roster=ROSTER,
    language=st.sampled_from(["en", "zh-hans"]),
    statuses=st.one_of(st.none(), st.lists(st.sampled_from(EnrolmentStatus.values), min_size=1, unique=True)),
)
def test_the_roster_statement_reads_what_the_orm_reads(world, roster, language, statuses):
    officials, ids = roster
    with transaction.atomic():
        make_roster(world, officials, ids)
        with translation.override(language):
            for user in world["users"]:
                assert_same(selectors.roster(user, world["course"]), orm_roster(user, world["course"]))
                assert_same(
                    selectors.roster(user, world["course"], statuses=statuses),
                    orm_roster(user, world["course"], statuses=statuses),
                )
        transaction.set_rollback(True)


def test_the_unit_contact_reads_only_their_units_rows_and_nobody_else_any(world):
    make_roster(
        world,
        [
            {
                "name_zh": "王伟",
                "name_en": "",
                "title_en": "",
                "title_zh": "",
                "position_category": PositionCategory.VICE_MAYOR,
                "place": None,
                "unit": unit,
                "email": "",
                "phone": "",
                "status": EnrolmentStatus.CONFIRMED,
                "priority": 5,
                "nominated_at": datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC),
                "substitute": False,
            }
            for unit in (0, 1)
        ],
        [BIGGEST_ID - i for i in range(4)],
    )
    staff, contact = world["users"]
    assert {r.unit for r in selectors.roster(contact, world["course"])} == {"宁波市"}
    assert len(selectors.roster(staff, world["course"])) == 2
    assert selectors.roster(UserFactory(role=Role.LECTURER), world["course"]) == []


@pytest.mark.parametrize("path", ["/courses/{}/", "/courses/{}/roster/"])
def test_a_twenty_digit_course_id_is_not_found(client, path):
    client.force_login(UserFactory(role=Role.STAFF))

    assert client.get(path.format(10**19 + 1)).status_code == 404
    assert client.get(path.format(99999999999999999999)).status_code == 404
