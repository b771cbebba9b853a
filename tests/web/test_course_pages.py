"""The course pages in use: creating, sessions, roster and exports, official search, the language switch."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import ACTIVE_STATUSES, EnrolmentStatus
from peixun.courses.models import Course, CourseModule
from peixun.curriculum.models import Module
from tests.factories import (
    MONDAY,
    AcademyFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    ModuleFactory,
    OfficialFactory,
    TopicFactory,
    UnitQuotaFactory,
)

pytestmark = pytest.mark.django_db


def course_post(academy, **overrides):
    data = {
        "academy": academy.pk,
        "title_en": "Green Buildings",
        "title_zh": "绿色建筑",
        "start": MONDAY.isoformat(),
        "end": (MONDAY + datetime.timedelta(days=13)).isoformat(),
        "day_off": 6,
        "capacity": 40,
        "status": "planning",
    }
    return data | overrides


def test_create_course_copies_modules_that_then_diverge_from_the_template(client, world):
    client.force_login(world.users["coordinator"])
    template = ModuleFactory(title_en="Eco-cities", title_zh="生态城市", days=3)
    response = client.post(reverse("courses:create"), course_post(world.course.academy, modules=[template.pk]))
    course = Course.objects.get(title_en="Green Buildings")
    assert response.status_code == 302 and response.url == reverse("courses:detail", args=[course.pk])
    module = course.modules.get()
    assert (module.title_en, module.days, module.template) == ("Eco-cities", 3, template)

    response = client.post(
        reverse("courses:module_edit", args=[course.pk, module.pk]),
        {
            "title_en": "Eco-cities in the Yangtze delta",
            "title_zh": "长三角生态城市",
            "days": 2,
            "first_day": MONDAY.isoformat(),
            "order": 1,
        },
    )
    assert response.status_code == 302
    module.refresh_from_db()
    template.refresh_from_db()
    assert (module.title_en, module.days) == ("Eco-cities in the Yangtze delta", 2)
    assert (template.title_en, template.days) == ("Eco-cities", 3)


def test_create_course_too_short_shows_the_rule_on_the_form(client, world):
    client.force_login(world.users["staff"])
    data = course_post(world.course.academy, end=(MONDAY + datetime.timedelta(days=9)).isoformat())
    response = client.post(reverse("courses:create"), data)
    assert response.status_code == 200
    assert "The course lasts 10 days; courses at NAMC last 14 to 31 days." in response.content.decode()
    assert not Course.objects.filter(title_en="Green Buildings").exists()


def test_create_course_below_minimum_capacity_warns_but_creates(client, world):
    client.force_login(world.users["staff"])
    response = client.post(reverse("courses:create"), course_post(world.course.academy, capacity=20), follow=True)
    assert Course.objects.filter(title_en="Green Buildings", capacity=20).exists()
    assert "A class of 20 is smaller than the usual minimum of 30 at NAMC." in response.content.decode()


def test_create_course_above_capacity_is_refused(client, world):
    client.force_login(world.users["staff"])
    response = client.post(reverse("courses:create"), course_post(world.course.academy, capacity=60))
    assert "A class of 60 is larger than NAMC allows (at most 55)." in response.content.decode()
    assert not Course.objects.filter(title_en="Green Buildings").exists()


def test_coordinator_cannot_create_a_course_at_another_academy(client, world):
    client.force_login(world.users["coordinator"])
    other = AcademyFactory(code="cag")
    response = client.post(reverse("courses:create"), course_post(other))
    assert response.status_code == 200  # the academy is not among the form's choices
    assert "Select a valid choice" in response.content.decode()
    assert not Course.objects.filter(academy=other).exists()


def test_session_on_the_day_off_is_refused_with_the_reason(client, world):
    client.force_login(world.users["coordinator"])
    sunday = MONDAY + datetime.timedelta(days=6)
    response = client.post(
        reverse("courses:session_create", args=[world.course.pk]),
        {
            "date": sunday.isoformat(),
            "part_of_day": 1,
            "format": "lecture",
            "title_en": "Clean energy",
            "title_zh": "清洁能源",
            "class_hours": "3.0",
        },
    )
    assert response.status_code == 200
    assert "is the course&#x27;s day off (Sunday); no session may be placed on it." in response.content.decode()
    assert world.course.sessions.count() == 1


def test_moving_a_session_is_recorded_with_old_and_new_values_on_its_page(client, world):
    client.force_login(world.users["coordinator"])
    tuesday = MONDAY + datetime.timedelta(days=1)
    session = world.session
    data = {
        "date": tuesday.isoformat(),
        "part_of_day": 2,
        "format": "lecture",
        "title_en": session.title_en,
        "title_zh": session.title_zh,
        "class_hours": "3.0",
        "lecturers": [world.lecturer.pk],
        "venue": session.venue_id,
    }
    response = client.post(reverse("courses:session_edit", args=[world.course.pk, session.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="session.changed").get()
    assert event.actor == world.users["coordinator"]
    assert event.changes["date"] == [MONDAY.isoformat(), tuesday.isoformat()]
    assert event.changes["part_of_day"] == [1, 2]
    page = client.get(reverse("courses:session_edit", args=[world.course.pk, session.pk])).content.decode()
    assert "Session changed" in page and tuesday.isoformat() in page
    history = client.get(reverse("courses:history", args=[world.course.pk])).content.decode()
    assert "Session changed" in history and "Nominated" in history


def test_timetable_shows_days_off_and_sessions(client, world):
    client.force_login(world.users["official"])
    page = client.get(reverse("courses:timetable", args=[world.course.pk])).content.decode()
    assert page.count('class="day-off"') == 2  # two Sundays in a 14-day course
    assert "Energy master planning" in page and "Ada Lovelace" in page


def test_unit_contact_nominates_within_quota_and_is_told_when_it_is_used_up(client, world):
    client.force_login(world.users["nominator"])
    quota = world.course.quotas.get()
    officials = [OfficialFactory(sending_unit=quota.unit) for _ in range(quota.seats)]
    for official in officials[:-1]:
        response = client.post(reverse("courses:nominate", args=[world.course.pk]), {"official": official.pk})
        assert response.status_code == 302
    response = client.post(
        reverse("courses:nominate", args=[world.course.pk]), {"official": officials[-1].pk}, follow=True
    )
    assert f"{quota.unit.name_en} has used all 5 places of its quota for this course." in response.content.decode()
    assert world.course.enrolments.filter(unit=quota.unit).count() == 5


def test_unit_contact_cannot_nominate_another_units_official(client, world):
    client.force_login(world.users["nominator"])
    stranger = OfficialFactory()
    UnitQuotaFactory(course=world.course, unit=stranger.sending_unit)
    response = client.post(reverse("courses:nominate", args=[world.course.pk]), {"official": stranger.pk}, follow=True)
    assert "Choose one of your unit&#x27;s officials" in response.content.decode()
    assert not world.course.enrolments.filter(official=stranger).exists()


def test_unit_contact_sees_only_own_nominees_on_the_roster(client, world):
    other = UnitQuotaFactory(course=world.course)
    outsider = OfficialFactory(name_zh="欧阳修", sending_unit=other.unit)
    services.nominate_official(actor=world.users["staff"], course=world.course, official=outsider)
    client.force_login(world.users["nominator"])
    page = client.get(reverse("courses:roster", args=[world.course.pk])).content.decode()
    assert "王伟" in page and "欧阳修" not in page
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("courses:roster", args=[world.course.pk])).content.decode()
    assert "王伟" in page and "欧阳修" in page


def _confirm_all(world, count):
    quota = world.course.quotas.get()
    quota.seats = 60
    quota.save()
    for _ in range(count):
        enrolment = services.nominate_official(
            actor=world.users["staff"], course=world.course, official=OfficialFactory(sending_unit=quota.unit)
        )
        services.confirm_nomination(actor=world.users["staff"], enrolment=enrolment)


def test_roster_exports_keep_chinese_names(client, world):
    _confirm_all(world, 2)
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("courses:roster_xlsx", args=[world.course.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Energy Smart Cities / 能源智慧城市"
    assert [c.value for c in sheet[4]][:3] == ["No.", "Chinese name", "Pinyin"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 3
    assert ["王伟", "Wáng Wěi", "Nominated"] == [rows[-1][1], rows[-1][2], rows[-1][8]]

    response = client.get(reverse("courses:roster_csv", args=[world.course.pk]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][1] == "Chinese name" and rows[-1][1] == "王伟"
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("name", ["courses:detail", "courses:timetable", "courses:roster", "courses:modules"])
def test_course_pages_make_the_same_number_of_queries_for_1_and_55_officials(client, world, name):
    client.force_login(world.users["coordinator"])
    url = reverse(name, args=[world.course.pk])
    _confirm_all(world, 1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200 and world.course.title_en in response.content.decode()
    _confirm_all(world, 54)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and world.course.title_en in response.content.decode()
    assert world.course.enrolments.filter(status="confirmed").count() == 55
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]


def test_official_search_page_finds_by_pinyin_without_tones(client, world):
    client.force_login(world.users["staff"])
    page = client.get(reverse("people:officials"), {"q": "wang wei"}).content.decode()
    assert "王伟" in page
    page = client.get(reverse("people:officials"), {"q": "zzzz"}).content.decode()
    assert "No official matches “zzzz”." in page


def test_course_overview_lists_modules_in_order_with_their_topics_in_the_reader_language(client, world):
    water = TopicFactory(order=2, name_en="Water", name_zh="水务")
    energy = TopicFactory(order=1, name_en="Energy", name_zh="")
    later = CourseModuleFactory(course=world.course, order=2, title_en="Later", title_zh="其后", days=2)
    first = CourseModuleFactory(course=world.course, order=1, title_en="First", title_zh="首先", days=3)
    first.topics.set([water, energy])
    CourseModule.objects.filter(course=world.course).exclude(pk__in=[first.pk, later.pk]).delete()
    user = world.users["staff"]
    client.force_login(user)
    page = client.get(reverse("courses:detail", args=[world.course.pk])).content.decode()
    modules = page[page.index('<ol class="modules">') :]
    assert modules.index("First") < modules.index("Energy") < modules.index("Water") < modules.index("Later")
    assert "3 days" in modules and "2 days" in modules
    user.language = "zh-hans"
    user.save()
    page = client.get(reverse("courses:detail", args=[world.course.pk])).content.decode()
    modules = page[page.index('<ol class="modules">') :]
    # A topic without a Chinese name keeps its English one.
    assert modules.index("首先") < modules.index("Energy") < modules.index("水务") < modules.index("其后")


def test_official_search_rows_link_each_official_and_escape_what_people_typed(client, world):
    world.official.name_en = '<script>alert("x")</script>'
    world.official.title = ""
    world.official.save()
    client.force_login(world.users["staff"])
    page = client.get(reverse("people:officials"), {"q": "wang wei"}).content.decode()
    assert f'<a href="/officials/{world.official.pk}/" lang="zh-Hans">王伟</a>' in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # No title of their own: the position category stands in, in the reader's language.
    assert f"<td>{world.official.get_position_category_display()}</td>" in page
    assert f"<td>{world.official.sending_unit.name_en}</td>" in page


def test_official_search_in_chinese_labels_and_names_places_in_chinese(client, world):
    world.official.title = ""
    world.official.save()
    user = world.users["staff"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    page = client.get(reverse("people:officials"), {"q": "王"}).content.decode()
    with translation.override("zh-hans"):
        category = world.official.get_position_category_display()
    assert '<a class="sort" href="?q=%E7%8E%8B&amp;sort=-name">姓名</a>' in page and f"<td>{category}</td>" in page
    assert f"<td>{world.official.sending_unit.name_zh}</td>" in page


def test_language_switch_is_remembered_on_the_account(client, world):
    user = world.users["coordinator"]
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/courses/"})
    assert response.status_code == 302 and response.url == "/courses/"
    user.refresh_from_db()
    assert user.language == "zh-hans"
    client.cookies.clear()
    client.force_login(user)
    page = client.get(reverse("courses:list")).content.decode()
    assert '<html lang="zh-Hans">' in page


def test_names_are_written_the_way_the_readers_language_writes_them(client, world):
    user = world.users["coordinator"]
    user.first_name, user.last_name, user.name_zh = "Hui", "Zhang", "张慧"
    user.save()
    client.force_login(user)
    for language, name in (("en", "Hui Zhang"), ("zh-hans", "张慧")):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        page = client.get("/").content.decode()
        assert f'<span class="whoami">{name} · ' in page
        with translation.override(language):
            assert user.get_full_name() == str(user) == name
    user.first_name = user.last_name = ""
    assert user.get_full_name() == "张慧"  # in English too when there is no other
    user.name_zh = ""
    assert str(user) == user.username  # an account without a name
    user.first_name, user.last_name, user.name_zh = "Hui", "Zhang", ""
    with translation.override("zh-hans"):
        assert user.get_full_name() == "Hui Zhang"


def test_language_switch_refuses_to_redirect_elsewhere(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_module_template_edit_in_course_keeps_template_intact(world):
    template = Module.objects.first()
    module = services.add_module_from_template(actor=world.users["staff"], course=world.course, template=template)
    services.update_course_module(actor=world.users["staff"], module=module, title_en="Changed", days=2)
    assert Module.objects.get(pk=template.pk).title_en == template.title_en
    assert CourseModule.objects.get(pk=module.pk).title_en == "Changed"


def test_official_page_shows_enrolment_history_to_the_coordinator_only(client, world):
    services.confirm_nomination(actor=world.users["coordinator"], enrolment=world.enrolment)
    url = reverse("people:official", args=[world.official.pk])
    client.force_login(world.users["coordinator"])
    page = client.get(url).content.decode()
    assert "History of enrolments" in page and "Confirmed" in page
    client.force_login(world.users["nominator"])
    assert "History of enrolments" not in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["official", "nominator", "lecturer", "coordinator"])
def test_course_lists_count_every_seat_whatever_the_viewers_scope(client, world, role):
    _confirm_all(world, 3)
    services.confirm_nomination(actor=world.users["staff"], enrolment=world.enrolment)
    client.force_login(world.users[role])
    page = client.get(reverse("courses:list")).content.decode()
    assert "4 / 55" in page


def test_nominable_search_lists_own_units_officials_not_on_the_course(client, world):
    unit = world.official.sending_unit
    free = OfficialFactory(name_zh="张敏", sending_unit=unit)
    withdrawn_here_active_elsewhere = OfficialFactory(name_zh="张伟", sending_unit=unit)
    enrolment = services.nominate_official(
        actor=world.users["staff"], course=world.course, official=withdrawn_here_active_elsewhere
    )
    services.withdraw_enrolment(actor=world.users["staff"], enrolment=enrolment, reason="Called back to the city")
    elsewhere = UnitQuotaFactory(unit=unit).course
    services.nominate_official(actor=world.users["staff"], course=elsewhere, official=withdrawn_here_active_elsewhere)
    OfficialFactory(name_zh="张强")  # another unit's official

    client.force_login(world.users["nominator"])
    page = client.get(reverse("courses:nominable", args=[world.course.pk]), {"q": "zhang"}).content.decode()
    assert page.count('name="official"') == 2
    assert f'value="{free.pk}"' in page and f'value="{withdrawn_here_active_elsewhere.pk}"' in page
    page = client.get(reverse("courses:nominable", args=[world.course.pk]), {"q": "wang wei"}).content.decode()
    assert "No official you can still nominate matches “wang wei”." in page  # 王伟 is already nominated


def test_roster_without_javascript_finds_officials_to_nominate(client, world):
    OfficialFactory(name_zh="李娜", sending_unit=world.official.sending_unit)
    client.force_login(world.users["nominator"])
    page = client.get(reverse("courses:roster", args=[world.course.pk]), {"q": "li na"}).content.decode()
    assert 'name="official"' in page and "李娜" in page


def test_roster_rows_escape_what_people_typed(client, world):
    world.official.name_en = '<script>alert("x")</script>'
    world.official.title_zh = "市长 & <b>书记</b>"
    world.official.save()
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("courses:roster", args=[world.course.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "市长 &amp; &lt;b&gt;书记&lt;/b&gt;" in page


def test_roster_in_chinese_shows_names_in_characters_only(client, world):
    user = world.users["coordinator"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    page = client.get(reverse("courses:roster", args=[world.course.pk])).content.decode()
    assert "王伟" in page and "Wáng Wěi" not in page
    assert '/confirm/">确认</button>' in page
    assert '/withdraw/" data-confirm>退出课程</a>' in page


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("official", True), ("coordinator", False)])
def test_official_page_links_to_a_calendar_subscription_for_those_allowed(client, world, role, shown):
    client.force_login(world.users[role])
    page = client.get(reverse("people:official", args=[world.official.pk])).content.decode()
    assert (f"?official={world.official.pk}" in page) is shown


def test_roster_shows_a_unit_its_quota_and_links_the_quota_page_for_those_who_set_them(client, world):
    quota = world.course.quotas.get()
    on_course = world.course.enrolments.filter(unit=quota.unit, status__in=ACTIVE_STATUSES).count()
    for status in (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN):
        EnrolmentFactory(course=world.course, official=OfficialFactory(sending_unit=quota.unit), status=status)
    EnrolmentFactory(course=world.course)  # another unit's
    note = f"{quota.unit.name_en}: {on_course + 2} of {quota.seats} places of its quota used, priority {quota.priority}"
    quotas_url = reverse("courses:quotas", args=[world.course.pk])
    roster_url = reverse("courses:roster", args=[world.course.pk])
    client.force_login(world.users["nominator"])
    page = client.get(roster_url).content.decode()
    assert note in page and quotas_url not in page
    client.force_login(world.users["coordinator"])
    page = client.get(roster_url).content.decode()
    assert quotas_url in page and note not in page


def test_every_page_links_its_stylesheet_icon_and_htmx_from_peixun_itself(client, world):
    client.force_login(world.users["coordinator"])
    for url in (reverse("courses:list"), reverse("courses:roster", args=[world.course.pk])):
        head = client.get(url).content.decode().split("</head>")[0]
        assert '<link rel="stylesheet" href="/static/peixun/peixun.' in head
        assert '<link rel="icon" href="/static/peixun/favicon.' in head
        assert '<script src="/static/django_htmx/htmx-2.min.' in head
        assert 'src="http' not in head and 'href="http' not in head and 'src="//' not in head
