"""`manage.py load_demo`: the demo programme, loaded all or nothing, the same every time."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from peixun.academies.models import Academy, Venue
from peixun.core.enums import Role
from peixun.core.models import AuditEvent, User
from peixun.courses import checks, services
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, CourseModule, Enrolment, Session, SessionLecturer, UnitQuota
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.curriculum.models import Module, OutlineSession, Topic
from peixun.demo import data
from peixun.people.enums import JurisdictionLevel
from peixun.people.models import Availability, Jurisdiction, Lecturer, Official, Organisation
from tests.factories import CourseFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db

TWELVE_TOPICS = [
    ("Energy master planning", "能源总体规划"),
    ("Smart transportation", "智慧交通"),
    ("Municipal waste and water treatment", "城市垃圾与污水处理"),
    ("Eco-heritage tourism", "生态遗产旅游"),
    ("Climate-resilient city design", "气候适应型城市设计"),
    ("Pollution reduction", "污染减排"),
    ("Green financing", "绿色金融"),
    ("Clean energy", "清洁能源"),
    ("Sustainable lifestyles", "可持续生活方式"),
    ("Circular economy", "循环经济"),
    ("Green buildings", "绿色建筑"),
    ("Eco-cities", "生态城市"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def demo_course() -> Course:
    return Course.objects.get(academy__code="namc", title_en="Energy Smart Cities")


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def natural_keys() -> dict[str, set | Counter]:
    """What a person would recognise in the data, without database ids."""
    return {
        "academies": set(Academy.objects.values_list("code", "name_en", "name_zh")),
        "venues": set(Venue.objects.values_list("name_en", "kind", "academy__code", "host__name_en", "capacity")),
        "organisations": set(Organisation.objects.values_list("name_en", "name_zh", "kind", "is_sending_unit")),
        "jurisdictions": set(Jurisdiction.objects.values_list("name_en", "level", "parent__name_en", "population")),
        "topics": set(Topic.objects.values_list("slug", "name_en", "name_zh", "order")),
        "modules": set(Module.objects.values_list("code", "days", "topics__slug")),
        "outline": set(OutlineSession.objects.values_list("module__code", "day", "part_of_day", "format", "title_en")),
        "lecturers": set(Lecturer.objects.values_list("name", "affiliation__name_en", "email", "is_demo", "user")),
        "availability": set(Availability.objects.values_list("lecturer__email", "start", "end")),
        "officials": set(Official.objects.values_list("email", "name_zh", "name_pinyin", "sending_unit__name_en")),
        "users": set(User.objects.values_list("username", "role", "academy__code", "sending_unit__name_en")),
        "courses": set(Course.objects.values_list("academy__code", "title_en", "start", "end", "capacity", "status")),
        "course modules": set(CourseModule.objects.values_list("course__title_en", "order", "first_day", "days")),
        "sessions": set(
            Session.objects.values_list("date", "part_of_day", "format", "title_en", "venue__name_en", "sponsor")
        ),
        "session lecturers": set(SessionLecturer.objects.values_list("date", "part_of_day", "lecturer__email")),
        "quotas": set(UnitQuota.objects.values_list("unit__name_en", "seats", "priority")),
        "enrolments": set(Enrolment.objects.values_list("official__email", "status", "unit__name_en", "priority")),
        "audit": Counter(AuditEvent.objects.values_list("action", "object_type", "actor__username")),
    }


def test_load_demo_builds_the_programme_of_the_description():
    output = load_demo()

    assert list(Topic.objects.values_list("name_en", "name_zh")) == TWELVE_TOPICS
    assert sorted(Academy.objects.values_list("code", flat=True)) == ["cag", "celap", "namc"]
    assert Module.objects.count() == 12
    assert all(2 <= module.days <= 6 for module in Module.objects.all())
    assert Lecturer.objects.count() == Lecturer.objects.filter(is_demo=True).count() == 16
    assert Official.objects.count() == Official.objects.filter(is_demo=True).count() == 60
    assert Organisation.objects.filter(is_sending_unit=True).count() == 6
    assert not Official.objects.exclude(email__endswith="@example.org").exists()
    assert not Lecturer.objects.exclude(email__endswith="@example.org").exists()

    course = demo_course()
    assert (course.title_en, course.title_zh, course.academy.code) == ("Energy Smart Cities", "能源智慧城市", "namc")
    assert course.length_days == 14
    assert course.start.weekday() == 0 and course.start > datetime.date(2026, 11, 28)
    assert (course.day_off, course.capacity, course.status) == (6, 45, CourseStatus.OPEN)
    statuses = Counter(course.enrolments.values_list("status", flat=True))
    assert statuses == {EnrolmentStatus.CONFIRMED: 45, EnrolmentStatus.WAITLISTED: 5, EnrolmentStatus.NOMINATED: 4}
    assert "45 confirmed, 5 waitlisted, 4 awaiting the coordinator" in output
    assert "Loading demo programme: officials 60/60" in output


def test_load_demo_timetable_keeps_every_rule():
    load_demo()
    course = demo_course()
    sessions = list(course.sessions.select_related("venue", "module__course", "sponsor").prefetch_related("lecturers"))

    for session in sessions:
        problems = checks.check_session(
            course=course,
            date=session.date,
            part_of_day=session.part_of_day,
            format=session.format,
            class_hours=session.class_hours,
            lecturers=list(session.lecturers.all()),
            venue=session.venue,
            module=session.module,
            session=session,
        )
        assert checks.errors(problems) == [], session
    for day in course.course_days():
        parts = {s.part_of_day for s in sessions if s.date == day}
        assert {PartOfDay.MORNING, PartOfDay.AFTERNOON} <= parts, day
    formats = Counter(s.format for s in sessions)
    assert formats[SessionFormat.SITE_VISIT] >= 2
    assert formats[SessionFormat.EXHIBITION] >= 1
    assert formats[SessionFormat.WORKSHOP] >= 2
    assert formats[SessionFormat.LUNCH] >= 1
    dinners = [s for s in sessions if s.format == SessionFormat.DINNER]
    assert len(dinners) >= 2
    assert all(d.part_of_day == PartOfDay.EVENING and d.class_hours == 0 and d.sponsor for d in dinners)
    assert {s.class_hours for s in sessions if s.format == SessionFormat.EXHIBITION} == {Decimal("2.0")}
    assert sum(m.days for m in course.modules.all()) == len(course.course_days()) == 12
    assert all(s.module is not None and s.date in s.module.dates() for s in sessions)
    # Every lecturer of the demo teaches, and those away for part of the course are placed around it.
    teaching = set(SessionLecturer.objects.filter(session__course=course).values_list("lecturer", flat=True))
    assert teaching == set(Lecturer.objects.values_list("pk", flat=True))
    assert Lecturer.objects.filter(availability__end__lt=course.end).exists()


def test_load_demo_logins_show_something_to_each_role():
    output = load_demo()

    users = {user.username: user for user in User.objects.select_related("academy", "sending_unit")}
    assert sorted(users) == [
        "coordinator",
        "lecturer",
        "nominator",
        "official",
        "partner",
        "reviewer",
        "staff",
        "translator",
    ]
    assert all(user.check_password("peixun-demo") for user in users.values())
    assert users["staff"].role == Role.STAFF and users["staff"].is_programme_staff
    assert (users["coordinator"].role, users["coordinator"].academy.code) == (Role.COORDINATOR, "namc")
    course = demo_course()
    assert users["nominator"].role == Role.UNIT_CONTACT
    assert course.enrolments.filter(unit=users["nominator"].sending_unit).count() == 10
    assert users["lecturer"].role == Role.LECTURER
    assert course.sessions.filter(lecturers=users["lecturer"].lecturer).count() == 2
    assert users["official"].role == Role.OFFICIAL
    assert course.enrolments.get(official=users["official"].official).status == EnrolmentStatus.CONFIRMED
    assert users["official"].name_zh == users["official"].official.name_zh == "陆志明"
    assert users["reviewer"].role == Role.REVIEWER and users["reviewer"].academy.code == "namc"
    material = course.materials.get(title_en=data.DEMO_DECK["title_en"])
    assert material.translator == users["translator"] and material.lecturer == users["lecturer"].lecturer
    assert material.versions.get().segments.filter(status="translated").count() == len(data.DEMO_TRANSLATIONS)
    assert users["partner"].role == Role.PARTNER
    assert users["partner"].partner.engagements.filter(course=course).exists()
    assert "Demo logins (password: peixun-demo)" in output
    assert "  coordinator  academy coordinator, NAMC (National Academy for Mayors of China)\n" in output
    assert "Serve it with `make run`" in output


def test_load_demo_for_make_run_leaves_the_logins_to_the_server():
    output = load_demo("--once", "--no-logins")

    assert "Loading demo programme: officials 60/60" in output
    assert "Demo logins" not in output


def test_load_demo_jurisdictions_carry_census_populations_inside_their_provinces():
    load_demo()

    suzhou = Jurisdiction.objects.get(name_en="Suzhou")
    assert (suzhou.population, suzhou.parent.name_en, suzhou.parent.population) == (12_748_262, "Jiangsu", 84_748_016)
    for city in Jurisdiction.objects.filter(level=JurisdictionLevel.PREFECTURE).select_related("parent"):
        assert city.parent.level == JurisdictionLevel.PROVINCE
        assert city.population < city.parent.population
    for province in Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE).prefetch_related("children"):
        assert sum(c.population for c in province.children.all()) < province.population


def test_load_demo_twice_gives_the_same_data():
    load_demo()
    first_counts, first_keys = counts(), natural_keys()
    passwords = dict(User.objects.values_list("username", "password"))

    load_demo()

    assert counts() == first_counts
    assert natural_keys() == first_keys
    # The password was still right: it is kept as it was, so the reload logs nobody out.
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert len(set(passwords.values())) == 1  # hashed once for every login
    assert Course.objects.count() == 3  # the course being planned, the class in session and the finished course


def test_load_demo_again_keeps_real_world_rows_and_other_courses():
    load_demo()
    namc = Academy.objects.get(code="namc")
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    other = CourseFactory(academy=namc, title_en="Green Financing for Mayors")
    Topic.objects.filter(slug="eco-cities").update(name_en="Eco cities (edited)")

    load_demo()

    assert Academy.objects.get(code="namc").pk == namc.pk
    assert list(Topic.objects.values_list("pk", flat=True)) == topic_ids
    assert Topic.objects.get(slug="eco-cities").name_en == "Eco-cities"
    assert Course.objects.filter(pk=other.pk).exists()
    assert Course.objects.count() == 4


def test_load_demo_once_on_a_loaded_database_changes_nothing():
    load_demo()
    before = counts(), natural_keys(), list(Session.objects.values_list("pk", flat=True))

    output = load_demo("--once")

    assert (counts(), natural_keys(), list(Session.objects.values_list("pk", flat=True))) == before
    assert "already loaded" in output
    assert "Demo logins (password: peixun-demo)" in output


def test_load_demo_once_on_an_empty_database_loads_it():
    load_demo("--once")

    assert demo_course().enrolments.filter(status=EnrolmentStatus.CONFIRMED).count() == 45


def test_load_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="only loaded in development mode"):
        load_demo()

    assert not User.objects.exists()
    assert not Official.objects.exists()
    assert not Course.objects.exists()


def test_load_demo_once_outside_demo_mode_loads_nothing_without_failing(settings):
    settings.DEMO_MODE = False

    output = load_demo("--once")

    assert "Demo mode is off" in output
    assert not User.objects.exists()
    assert not Course.objects.exists()


def test_load_demo_failing_halfway_leaves_the_previous_demo_untouched(monkeypatch):
    load_demo()
    before = counts(), natural_keys()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "confirm_nomination", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        load_demo()

    assert (counts(), natural_keys()) == before


def test_load_demo_refuses_to_reload_while_other_data_depends_on_demo_people():
    load_demo()
    other = CourseFactory(academy=Academy.objects.get(code="cag"), title_en="Urban Governance")
    EnrolmentFactory(course=other, official=Official.objects.get(email="lu.zhiming@example.org"))
    before = counts(), natural_keys()

    with pytest.raises(CommandError, match="cannot be reloaded.*enrolment"):
        load_demo()

    assert (counts(), natural_keys()) == before


def test_demo_data_sends_each_unit_within_its_quota():
    units = Counter(row[6] for row in data.OFFICIALS)
    for unit, seats, _priority, nominees in data.QUOTAS:
        assert nominees <= seats
        assert nominees <= units[unit]
    assert len({row[0] for row in data.OFFICIALS}) == len(data.OFFICIALS)


def test_load_demo_has_a_class_in_session_with_roll_calls_and_credits():
    from django.db.models import Sum
    from django.utils import timezone

    from peixun.attendance.enums import AttendanceStatus
    from peixun.attendance.models import Attendance
    from peixun.records.enums import EntrySource
    from peixun.records.models import LedgerEntry

    load_demo()
    today = timezone.localdate()
    current = Course.objects.get(title_en=data.CURRENT_CLASS["title_en"])
    assert current.start <= today <= current.end
    assert current.status == CourseStatus.RUNNING
    marked = Attendance.objects.filter(session__course=current)
    assert set(marked.values_list("status", flat=True)) == set(AttendanceStatus.values)
    assert not marked.filter(session__date__gte=today).exists()  # today is left for self check-in
    official = User.objects.get(username="official").official
    credits = LedgerEntry.objects.filter(official=official, source=EntrySource.COURSE, course=current)
    attended = Session.objects.filter(course=current, date__lt=today, class_hours__gt=0)
    assert credits.aggregate(h=Sum("hours"))["h"] == attended.aggregate(h=Sum("class_hours"))["h"]
    assert LedgerEntry.objects.filter(official=official, source=EntrySource.EXTERNAL).count() == 2
    # Every credited mark has exactly its session's hours in the record, and nothing else.
    credited = marked.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]).count()
    assert LedgerEntry.objects.filter(course=current, source=EntrySource.COURSE).count() == credited


def test_load_demo_credits_only_ended_sessions_and_takes_feedback_only_while_open():
    from django.utils import timezone

    from peixun.attendance.models import Attendance
    from peixun.attendance.windows import has_ended
    from peixun.feedback.models import Evaluation
    from peixun.feedback.windows import feedback_window
    from peixun.records.enums import EntrySource
    from peixun.records.models import LedgerEntry

    load_demo()
    now = timezone.now()
    credits = LedgerEntry.objects.filter(source=EntrySource.COURSE).select_related("session__course__academy")
    assert credits.exists()
    assert [entry for entry in credits if not has_ended(entry.session, now)] == []
    marks = Attendance.objects.filter(status__in=["present", "late"], session__class_hours__gt=0)
    assert not marks.filter(credited_at__isnull=True).exists()  # all ended, all credited
    evaluations = Evaluation.objects.select_related("session__course__academy")
    assert evaluations.exists()
    outside = [e for e in evaluations if not feedback_window(e.session).is_open(e.submitted_at)]
    assert outside == []
    assert [e for e in evaluations if e.submitted_at > now] == []


def test_load_demo_press_archive_is_the_programme_descriptions_list():
    from peixun.partners.models import PressItem

    load_demo()
    items = PressItem.objects.select_related("outlet").order_by("-date", "id")
    assert items.count() == 11 and {item.date.year for item in items} == {2009}
    daily = items.get(outlet__name_en="China Daily")
    assert daily.outlet.name_zh == "中国日报"
    assert daily.title_en.startswith("JUCCCE and the National Training Center for Mayors of China")
    load_demo()
    assert PressItem.objects.count() == 11


# What happens after a course: certificates, impact, the translation memory, the academy's review -----


def finished_course() -> Course:
    return Course.objects.get(academy__code="celap", title_en=data.FINISHED_CLASS["title_en"])


def test_load_demo_has_a_finished_course_with_its_certificates_issued():
    from django.db.models import Sum
    from django.utils import timezone

    from peixun.attendance.enums import AttendanceStatus
    from peixun.attendance.models import Attendance
    from peixun.feedback.models import Evaluation, FollowUp
    from peixun.records.certificates.codes import display_code
    from peixun.records.certificates.selectors import eligible_officials, find_for_verification
    from peixun.records.enums import EntrySource
    from peixun.records.models import Certificate, LedgerEntry

    load_demo()
    today = timezone.localdate()
    course = finished_course()
    # It began on the Monday seven weeks before this week's and lasted two weeks.
    assert course.start == today - datetime.timedelta(days=today.weekday() + 49)
    assert (course.end - course.start).days == 13 and course.end < today
    assert (course.status, course.sessions.count(), course.academy.name_en) == (
        CourseStatus.FINISHED,
        27,
        "China Executive Leadership Academy Pudong",
    )
    assert course.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count() == course.enrolments.count() == 32
    # Every session with class hours was held and has its roll call; each credit is in the ledger.
    held = course.sessions.filter(class_hours__gt=0)
    assert held.aggregate(h=Sum("class_hours"))["h"] == Decimal("67")
    assert Attendance.objects.filter(session__course=course).count() == held.count() * 32 == 23 * 32
    credited = Attendance.objects.filter(session__course=course, status__in=["present", "late"])
    credits = LedgerEntry.objects.filter(course=course)
    assert credits.aggregate(h=Sum("hours"))["h"] == credited.aggregate(h=Sum("session__class_hours"))["h"]
    # The one correction after the close is a reversing entry.
    assert credits.filter(source=EntrySource.CORRECTION).get().hours == Decimal("-3")

    certificates = Certificate.objects.filter(course=course).select_related("official")
    valid = certificates.filter(revoked_at__isnull=True)
    assert (certificates.count(), valid.count()) == (31, 30)
    # Everyone who attended enough has one valid certificate, and nobody else.
    assert sorted(c.official_id for c in valid) == sorted(row.official_id for row in eligible_officials(course))
    without = course.enrolments.exclude(official__in=valid.values("official")).values_list("official__name_en", "pk")
    assert sorted(
        Official.objects.filter(enrolments__in=[pk for _, pk in without]).values_list("email", flat=True)
    ) == [
        "hu.xiaoguang@example.org",
        "qian.weidong@example.org",
    ]
    official = User.objects.get(username="official").official
    mine = valid.get(official=official)
    assert mine.hours == Decimal("67")
    closing = datetime.datetime.combine(course.end + datetime.timedelta(days=1), datetime.time(10), course.academy.zone)
    assert mine.issued_at == closing
    # One was revoked a week later, when the official's attendance was corrected, and issued again.
    revoked = certificates.get(revoked_at__isnull=False)
    assert revoked.official.email == "zhu.haibo@example.org"
    assert revoked.revoked_at == closing + datetime.timedelta(days=7, hours=5)
    assert revoked.revoke_reason == data.FINISHED_CLASS["corrected"]["revoke_reason"]
    again = valid.get(official=revoked.official)
    assert again.hours == revoked.hours - Decimal("3") and again.issued_at == revoked.revoked_at
    assert find_for_verification(display_code(revoked.code)).is_revoked
    # The class rated its sessions and some asked for a follow-up, worked on since.
    assert Evaluation.objects.filter(session__course=course).count() > 400
    states = Counter(FollowUp.objects.filter(session__course=course).values_list("state", flat=True))
    assert states == {"done": 5, "in_progress": 5, "open": 5}
    assert AttendanceStatus.EXCUSED in set(
        Attendance.objects.filter(session__course=course).values_list("status", flat=True)
    )


def test_load_demo_gives_non_zero_impact_figures_from_the_finished_course():
    from django.utils import timezone

    from peixun.impact.stats import Scope, impact_figures

    load_demo()
    figures = impact_figures(Scope(today=timezone.localdate()))
    course = finished_course()

    # The 32 officials of the finished course; the class in session and the planned course are not held yet.
    # Places led: Jiangsu and Zhejiang whole (their cities inside them count as the province), Sichuan
    # (through a State Grid executive), and the cities of provinces not among them.
    places = [
        "jiangsu", "zhejiang", "sichuan", "qingdao", "jinan", "wuhan", "xiamen", "fuzhou", "baoding",
        "shenzhen", "guangzhou", "dongguan", "foshan",
    ]  # fmt: skip
    population = sum(data.JURISDICTIONS[key][4] for key in places)
    assert population == 345_792_570
    headline = figures.headline
    assert (
        headline.officials_trained,
        headline.population_led,
        headline.executives_trained,
        headline.companies,
        headline.courses_held,
        headline.class_hours,
        headline.since,
    ) == (32, population, 4, 1, 1, Decimal("67"), course.start.year)
    assert [(bucket.label_en, bucket.officials) for bucket in figures.by_academy] == [
        ("China Executive Leadership Academy Pudong", 32)
    ]
    assert [(row.label_en, row.responses > 400) for row in figures.feedback_by_course] == [(course.title_en, True)]


def test_load_demo_memory_suggests_for_the_deck_in_translation_and_a_deck_waits_for_review():
    from django.utils import timezone

    from peixun.materials.enums import EntryOrigin, MaterialState, WorkflowAction
    from peixun.materials.models import Material, MemoryEntry
    from peixun.materials.selectors import review_queue
    from peixun.materials.workbench.selectors import translation_memory

    load_demo()
    delivered = Material.objects.get(title_en=data.EARLIER_DECK["title_en"])
    assert (delivered.state, delivered.course.title_en) == (MaterialState.DELIVERED, data.CURRENT_CLASS["title_en"])
    assert delivered.events.filter(action=WorkflowAction.APPROVE, actor__username="reviewer").exists()
    # The academy's approval put the deck's 22 translations into the memory.
    entries = MemoryEntry.objects.all()
    assert entries.count() == 22
    assert set(entries.values_list("origin", "material")) == {(EntryOrigin.APPROVED, delivered.pk)}

    deck = Material.objects.get(title_en=data.DEMO_DECK["title_en"])
    memory = translation_memory()
    suggested = {
        segment.source: [(s.score, s.target) for s in memory.suggest(segment.source)]
        for segment in deck.versions.get().segments.filter(status="untranslated")
    }
    assert suggested == {
        "Eric Lindqvist, Lawrence Berkeley National Laboratory": [(100, "埃里克·林奎斯特，劳伦斯伯克利国家实验室")],
        "Welcome the class; ask which cities already publish an energy balance.": [
            (76, "欢迎学员；请问哪些城市已有集中供热。")
        ],
        "Carbon peaking by 2030 needs action this decade": [(84, "2030年前实现碳达峰，必须立即行动")],
        "Link to the national targets: carbon peaking and carbon neutrality.": [
            (100, "联系国家目标：碳达峰与碳中和。")
        ],
        "Collect consumption by sector and fuel": [(100, "按部门和燃料类型收集能耗数据")],
        "Map heat demand by district": [(78, "按街区绘制热需求图")],
        "Publish the data every year": [(100, "每年公开数据")],
        "Show the Stockholm heat map.": [(74, "展示哥本哈根热需求图。")],
        "Step 2: scenarios to 2035": [(96, "第二步：2030年情景")],
        "Business as usual": [(100, "基准情景")],
        "Efficiency first": [(100, "能效优先")],
        "Renewable heat and power": [],
        "What worked in Copenhagen": [(100, "哥本哈根的成功经验")],
        "District heating for 98% of homes": [(100, "98%的住户使用集中供热")],
        "Waste heat from power plants": [(77, "利用电厂和垃圾焚烧厂的余热")],
        "A public utility that can borrow": [(100, "可以举债融资的公用事业公司")],
        "Ask: which of your districts could share waste heat?": [(100, "提问：贵市哪些片区可以共享余热？")],
    }

    # NAMC's reviewer has one deck waiting: returned once, revised, submitted again.
    [waiting] = review_queue(User.objects.get(username="reviewer"))
    assert (waiting.title_en, waiting.state, waiting.returns) == (data.DECK_IN_REVIEW["title_en"], "review", 1)
    assert waiting.course == demo_course() and waiting.session.date == demo_course().start
    assert list(waiting.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert waiting.submitted_at <= timezone.now()
    timeline = list(waiting.events.order_by("at", "pk").values_list("action", "actor__username"))
    assert timeline == [
        ("created", "staff"),
        ("uploaded", "staff"),
        ("commented", "staff"),
        ("translator_assigned", "staff"),
        ("send_to_translation", "staff"),
        ("submit_for_review", "translator"),
        ("return", "reviewer"),
        ("uploaded", "staff"),
        ("submit_for_review", "translator"),
    ]
    assert User.objects.get(username="reviewer").has_perm("materials.review", waiting)

    # A reload puts the same memory back, linked to the new copy of the deck.
    load_demo()
    assert set(MemoryEntry.objects.values_list("material__title_en", flat=True)) == {data.EARLIER_DECK["title_en"]}
    assert MemoryEntry.objects.count() == 22
