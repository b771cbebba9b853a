"""Benchmark data for bench/pages.py: the demo scaled to 50 courses of 55 confirmed officials.

Run by bench/pages.py in a subprocess, against the benchmark database only:

    python -m bench._data [--generate] [--courses N]

With ``--generate`` it fills an empty, migrated database. Either way it then creates a fresh login
session for the benchmark's staff user, picks the URLs the load generator requests, counts the
SQL queries each page runs (Django's test client, same settings as the server) and prints one JSON
document on stdout.

The rows are bulk-inserted, not created through the service functions: this is data for measuring
pages, not a test of the services. They still satisfy every constraint the models declare (one
enrolment per official per course, meals credit no hours, a lecturer's slot copied from the session,
at most ``capacity`` confirmed per course, quotas for every enrolled official's unit).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from peixun.academies.models import Academy, Venue  # noqa: E402
from peixun.core.enums import Role  # noqa: E402
from peixun.core.models import User  # noqa: E402
from peixun.courses.enums import CourseStatus, EnrolmentStatus  # noqa: E402
from peixun.courses.models import Course, CourseModule, Enrolment, Session, SessionLecturer, UnitQuota  # noqa: E402
from peixun.curriculum.enums import DEFAULT_CLASS_HOURS, PartOfDay, SessionFormat  # noqa: E402
from peixun.curriculum.models import Module, Topic  # noqa: E402
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory  # noqa: E402
from peixun.people.models import Jurisdiction, Lecturer, Official, Organisation  # noqa: E402
from peixun.people.pinyin import name_to_pinyin, strip_tones  # noqa: E402

COURSES = 50
CAPACITY = 55
WAITLISTED = 4
NOMINATED = 2
WITHDRAWN = 1
UNITS_PER_COURSE = 6
SENDING_UNITS = 25
LECTURERS = 20
STAFF_USERNAME = "bench-staff"
STAFF_PASSWORD = "bench-staff-password-not-secret"
SEED = 20260

TOPICS = [
    ("energy-master-planning", "Energy master planning", "能源总体规划"),
    ("smart-transportation", "Smart transportation", "智慧交通"),
    ("waste-and-water", "Municipal waste and water treatment", "城市垃圾与水处理"),
    ("eco-heritage-tourism", "Eco-heritage tourism", "生态遗产旅游"),
    ("climate-resilient-design", "Climate-resilient city design", "气候韧性城市设计"),
    ("pollution-reduction", "Pollution reduction", "污染减排"),
    ("green-financing", "Green financing", "绿色金融"),
    ("clean-energy", "Clean energy", "清洁能源"),
    ("sustainable-lifestyles", "Sustainable lifestyles", "可持续生活方式"),
    ("circular-economy", "Circular economy", "循环经济"),
    ("green-buildings", "Green buildings", "绿色建筑"),
    ("eco-cities", "Eco-cities", "生态城市"),
]
ACADEMIES = [
    ("namc", "National Academy for Mayors of China", "全国市长研修学院", "Beijing", "北京"),
    ("celap", "China Executive Leadership Academy Pudong", "中国浦东干部学院", "Shanghai", "上海"),
    ("cag", "Chinese Academy of Governance", "国家行政学院", "Beijing", "北京"),
]
PROVINCES = [
    ("Guangdong", "广东"),
    ("Jiangsu", "江苏"),
    ("Zhejiang", "浙江"),
    ("Sichuan", "四川"),
    ("Hubei", "湖北"),
    ("Shandong", "山东"),
    ("Fujian", "福建"),
    ("Yunnan", "云南"),
]
CITIES = [
    ("Shenzhen", "深圳"),
    ("Guangzhou", "广州"),
    ("Foshan", "佛山"),
    ("Nanjing", "南京"),
    ("Suzhou", "苏州"),
    ("Wuxi", "无锡"),
    ("Hangzhou", "杭州"),
    ("Ningbo", "宁波"),
    ("Wenzhou", "温州"),
    ("Chengdu", "成都"),
    ("Mianyang", "绵阳"),
    ("Wuhan", "武汉"),
    ("Yichang", "宜昌"),
    ("Qingdao", "青岛"),
    ("Jinan", "济南"),
    ("Yantai", "烟台"),
    ("Xiamen", "厦门"),
    ("Fuzhou", "福州"),
    ("Kunming", "昆明"),
    ("Dali", "大理"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方"]
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力鹏宇浩凯健俊帆旭宁晨博斌志国海东红玉兰"
    "春燕小新立成德林峰波云飞毅兵亮晓婷雪慧佳欣嘉振宏维庆永光"
)
ENGLISH_GIVEN = ["David", "Grace", "Helen", "Kevin", "Linda", "Michael", "Peter", "Sophie", "Tony", "Vivian"]
TITLES = {
    PositionCategory.MAYOR: ("Mayor of {city}", "{city}市市长"),
    PositionCategory.VICE_MAYOR: ("Vice Mayor of {city}", "{city}市副市长"),
    PositionCategory.PARTY_SECRETARY: ("Party Secretary of {city}", "{city}市委书记"),
    PositionCategory.BUREAU_OFFICER: ("Director, Bureau of Housing and Urban-Rural Development", ""),
    PositionCategory.PROVINCIAL_OFFICIAL: ("Deputy Director-General, Provincial Development and Reform Commission", ""),
    PositionCategory.SOE_EXECUTIVE: ("Vice President", ""),
}
LECTURER_ORGS = [
    ("World Bank", "世界银行", OrganisationKind.INTERNATIONAL),
    ("US Environmental Protection Agency", "美国环境保护署", OrganisationKind.GOVERNMENT),
    ("US Department of Energy", "美国能源部", OrganisationKind.GOVERNMENT),
    ("City of New York", "纽约市政府", OrganisationKind.GOVERNMENT),
    ("Seoul Metropolitan Government", "首尔市政府", OrganisationKind.GOVERNMENT),
    ("Greater London Authority", "大伦敦政府", OrganisationKind.GOVERNMENT),
    ("Columbia University", "哥伦比亚大学", OrganisationKind.UNIVERSITY),
    ("Green Cities Consulting", "绿色城市咨询", OrganisationKind.COMPANY),
    ("Clean Air Foundation", "清洁空气基金会", OrganisationKind.NGO),
]
PARTNERS = [
    ("Sunrise Solar", "日出太阳能"),
    ("BlueWater Engineering", "蓝水工程"),
    ("MetroRail Systems", "都市轨道系统"),
    ("EverGreen Buildings", "常青建筑"),
]


def _chinese_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def _mondays(first: datetime.date, count: int, every_weeks: int) -> list[datetime.date]:
    first = first - datetime.timedelta(days=first.weekday())
    return [first + datetime.timedelta(weeks=every_weeks * i) for i in range(count)]


def generate() -> dict:
    """Fill an empty migrated database; returns what was made."""
    if Course.objects.exists():
        raise SystemExit("bench/_data.py: the database already has courses; pages.py drops it unless --reuse")
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()

    staff = User(username=STAFF_USERNAME, first_name="Bench", last_name="Staff", role=Role.STAFF, language="en")
    staff.set_password(STAFF_PASSWORD)
    staff.save()

    topics = Topic.objects.bulk_create(
        [Topic(slug=slug, name_en=en, name_zh=zh, order=i) for i, (slug, en, zh) in enumerate(TOPICS)]
    )
    templates = Module.objects.bulk_create(
        [
            Module(
                code=f"m-{topic.slug}",
                title_en=f"{topic.name_en}: from plan to practice",
                title_zh=f"{topic.name_zh}：从规划到实践",
                days=3,
                objectives_en=f"Leaders can judge and commission {topic.name_en.lower()} projects.",
                objectives_zh=f"学员能够评估并推动{topic.name_zh}项目。",
            )
            for topic in topics
        ]
    )
    Module.topics.through.objects.bulk_create(
        [Module.topics.through(module_id=m.pk, topic_id=t.pk) for m, t in zip(templates, topics, strict=True)]
    )

    academies = Academy.objects.bulk_create(
        [Academy(code=c, name_en=en, name_zh=zh, city_en=ce, city_zh=cz) for c, en, zh, ce, cz in ACADEMIES]
    )
    partners = Organisation.objects.bulk_create(
        [Organisation(name_en=en, name_zh=zh, kind=OrganisationKind.COMPANY) for en, zh in PARTNERS]
    )
    lecturer_orgs = Organisation.objects.bulk_create(
        [Organisation(name_en=en, name_zh=zh, kind=kind) for en, zh, kind in LECTURER_ORGS]
    )
    provinces = Jurisdiction.objects.bulk_create(
        [
            Jurisdiction(
                name_en=en, name_zh=zh, level=JurisdictionLevel.PROVINCE, population=rng.randint(30, 120) * 10**6
            )
            for en, zh in PROVINCES
        ]
    )
    cities = Jurisdiction.objects.bulk_create(
        [
            Jurisdiction(
                name_en=en,
                name_zh=zh,
                level=JurisdictionLevel.PREFECTURE,
                parent=provinces[i // 3 % len(provinces)],
                population=rng.randint(2, 20) * 10**6,
            )
            for i, (en, zh) in enumerate(CITIES)
        ]
    )
    units = Organisation.objects.bulk_create(
        [
            Organisation(
                name_en=f"{city.name_en} Municipal Government" if i < len(cities) else f"Provincial SOE Group {i}",
                name_zh=f"{city.name_zh}市人民政府" if i < len(cities) else f"省属国有企业集团{i}",
                kind=OrganisationKind.GOVERNMENT if i < len(cities) else OrganisationKind.SOE,
                is_sending_unit=True,
            )
            for i, city in enumerate(cities + cities[: SENDING_UNITS - len(cities)])
        ]
    )
    venues = []
    for academy in academies:
        venues += [
            Venue(name_en=f"{academy.code.upper()} Hall {n}", name_zh=f"{academy.name_zh}{n}号教室", academy=academy)
            for n in (1, 2, 3)
        ]
        venues.append(
            Venue(
                name_en=f"{academy.code.upper()} Dining Room",
                name_zh=f"{academy.name_zh}餐厅",
                academy=academy,
                kind=Venue.Kind.RESTAURANT,
            )
        )
    venues += [
        Venue(name_en=f"{p.name_en} Demonstration Site", name_zh=f"{p.name_zh}示范基地", kind=Venue.Kind.SITE, host=p)
        for p in partners
    ]
    for venue in venues:
        venue.capacity = 60
        venue.open_days = [0, 1, 2, 3, 4, 5, 6]
    venues = Venue.objects.bulk_create(venues)

    lecturers = Lecturer.objects.bulk_create(
        [
            Lecturer(
                name=f"{rng.choice(['Anna', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Greta', 'Hiro'])} "
                f"{rng.choice(['Miller', 'Kim', 'Okafor', 'Rossi', 'Novak', 'Park', 'Silva', 'Jones'])} {i}",
                affiliation=lecturer_orgs[i % len(lecturer_orgs)],
                position="Senior Specialist",
                bio_en="Twenty years of city projects.",
                bio_zh="二十年城市项目经验。",
                languages="en",
                time_zone="America/New_York",
            )
            for i in range(LECTURERS)
        ]
    )
    Lecturer.topics.through.objects.bulk_create(
        [
            Lecturer.topics.through(lecturer_id=lec.pk, topic_id=topics[i % len(topics)].pk)
            for i, lec in enumerate(lecturers)
        ]
    )

    # Courses: two academies start a course on the same Monday every three weeks; 14 days, Sundays off.
    starts = _mondays(today - datetime.timedelta(weeks=40), COURSES // 2 + 1, 3)
    courses = []
    for i in range(COURSES):
        start = starts[i // 2]
        end = start + datetime.timedelta(days=13)
        status = CourseStatus.FINISHED if end < today else CourseStatus.RUNNING if start <= today else CourseStatus.OPEN
        topic = topics[i % len(topics)]
        courses.append(
            Course(
                academy=academies[i % len(academies)],
                title_en=f"Sustainable Cities Leadership Programme {i + 1}: {topic.name_en}",
                title_zh=f"可持续城市领导力研修班（第{i + 1}期）：{topic.name_zh}",
                start=start,
                end=end,
                day_off=6,
                capacity=CAPACITY,
                status=status,
            )
        )
    courses = Course.objects.bulk_create(courses)

    modules, sessions, slots = [], [], []
    lecturer_busy: set[tuple[int, datetime.date, int]] = set()
    for i, course in enumerate(courses):
        days = course.course_days()  # 12 days
        course_modules = []
        for k in range(4):
            template = templates[(i + k) % len(templates)]
            course_modules.append(
                CourseModule(
                    course=course,
                    template=template,
                    order=k,
                    title_en=template.title_en,
                    title_zh=template.title_zh,
                    objectives_en=template.objectives_en,
                    objectives_zh=template.objectives_zh,
                    days=3,
                    first_day=days[3 * k],
                )
            )
        modules += course_modules
        for d, day in enumerate(days):
            module = course_modules[d // 3]
            plan = [
                (PartOfDay.MORNING, SessionFormat.LECTURE if d % 3 != 2 else SessionFormat.WORKSHOP),
                (PartOfDay.AFTERNOON, SessionFormat.SITE_VISIT if d % 3 == 1 else SessionFormat.LECTURE),
            ]
            if d in (0, len(days) - 1):
                plan.append((PartOfDay.EVENING, SessionFormat.DINNER))
            for part, fmt in plan:
                if fmt == SessionFormat.SITE_VISIT:
                    venue = venues[-1 - (i + d) % len(partners)]
                elif fmt == SessionFormat.DINNER:
                    venue = venues[(i % len(academies)) * 4 + 3]
                else:
                    venue = venues[(i % len(academies)) * 4 + d % 3]
                sessions.append(
                    Session(
                        course=course,
                        module=module,
                        date=day,
                        part_of_day=part,
                        format=fmt,
                        title_en=f"{module.title_en} — {SessionFormat(fmt).label} {d + 1}",
                        title_zh=f"{module.title_zh}（第{d + 1}天）",
                        venue=venue,
                        sponsor=partners[(i + d) % len(partners)] if fmt == SessionFormat.DINNER else None,
                        class_hours=DEFAULT_CLASS_HOURS[fmt],
                    )
                )
    modules = CourseModule.objects.bulk_create(modules)
    template_topics = {m.pk: t.pk for m, t in zip(templates, topics, strict=True)}
    module_topics = [
        CourseModule.topics.through(coursemodule_id=m.pk, topic_id=template_topics[m.template_id]) for m in modules
    ]
    CourseModule.topics.through.objects.bulk_create(module_topics)
    # bulk_create set the modules' pks; the sessions hold the same objects.
    for s in sessions:
        s.module_id = s.module.pk
    sessions = Session.objects.bulk_create(sessions)
    for s in sessions:
        if s.format not in (SessionFormat.LECTURE, SessionFormat.WORKSHOP):
            continue
        free = [lec for lec in lecturers if (lec.pk, s.date, s.part_of_day) not in lecturer_busy]
        lecturer = rng.choice(free)
        lecturer_busy.add((lecturer.pk, s.date, s.part_of_day))
        slots.append(SessionLecturer(session=s, lecturer=lecturer, date=s.date, part_of_day=s.part_of_day))
    SessionLecturer.objects.bulk_create(slots)

    # Officials and enrolments: every course has its own 55 confirmed, a waitlist, open nominations
    # and one withdrawal, all from the six units that hold a quota in it.
    officials, quotas, enrolments = [], [], []
    per_course = CAPACITY + WAITLISTED + NOMINATED + WITHDRAWN
    categories = list(TITLES)
    for i, course in enumerate(courses):
        course_units = [units[(i * UNITS_PER_COURSE + k) % len(units)] for k in range(UNITS_PER_COURSE)]
        for k, unit in enumerate(course_units):
            quotas.append(UnitQuota(course=course, unit=unit, seats=11, priority=k + 1))
        for n in range(per_course):
            name_zh = _chinese_name(rng)
            pinyin = name_to_pinyin(name_zh)
            name_en = f"{rng.choice(ENGLISH_GIVEN)} {pinyin.split()[0]}" if rng.random() < 0.1 else ""
            city = rng.choice(cities)
            category = rng.choice(categories)
            title_en, title_zh = TITLES[category]
            official = Official(
                name_zh=name_zh,
                name_pinyin=pinyin,
                name_en=name_en,
                search_key=" ".join(filter(None, [strip_tones(pinyin), strip_tones(name_en), name_zh])),
                position_category=category,
                title_en=title_en.format(city=city.name_en),
                title_zh=title_zh.format(city=city.name_zh),
                jurisdiction=city,
                sending_unit=course_units[n % UNITS_PER_COURSE],
                service_began=datetime.date(rng.randint(1985, 2015), rng.randint(1, 12), 1),
                email=f"official{i * per_course + n}@example.gov.cn",
            )
            officials.append(official)
            if n < CAPACITY:
                status = EnrolmentStatus.CONFIRMED
            elif n < CAPACITY + WAITLISTED:
                status = EnrolmentStatus.WAITLISTED
            elif n < CAPACITY + WAITLISTED + NOMINATED:
                status = EnrolmentStatus.NOMINATED
            else:
                status = EnrolmentStatus.WITHDRAWN
            nominated_at = now - datetime.timedelta(days=60, minutes=per_course - n)
            enrolments.append(
                Enrolment(
                    course=course,
                    official=official,
                    unit=official.sending_unit,
                    status=status,
                    priority=n % UNITS_PER_COURSE + 1,
                    nominated_at=nominated_at,
                    nominated_by=staff,
                    decided_at=None
                    if status == EnrolmentStatus.NOMINATED
                    else nominated_at + datetime.timedelta(days=2),
                )
            )
    Official.objects.bulk_create(officials, batch_size=1000)
    for e in enrolments:
        e.official_id = e.official.pk
    UnitQuota.objects.bulk_create(quotas)
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "courses": len(courses),
        "confirmed_per_course": CAPACITY,
        "waitlisted_per_course": WAITLISTED,
        "nominated_per_course": NOMINATED,
        "officials": len(officials),
        "enrolments": len(enrolments),
        "sessions": len(sessions),
        "lecturers": len(lecturers),
        "sending_units": len(units),
    }


def counts() -> dict:
    return {
        "courses": Course.objects.count(),
        "officials": Official.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "confirmed": Enrolment.objects.filter(status=EnrolmentStatus.CONFIRMED).count(),
        "sessions": Session.objects.count(),
    }


def login_session() -> str:
    """A fresh database session for the staff user, as django.contrib.auth.login would store it."""
    user = User.objects.get(username=STAFF_USERNAME)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "peixun.core.backends.PasswordBackend"  # as a password login would
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def search_queries(rng: random.Random) -> list[str]:
    """What people type into the official search: pinyin (bare, with tones, two words), characters, English."""
    officials = list(Official.objects.order_by("pk").values_list("name_zh", "name_pinyin", "name_en"))
    sample = rng.sample(officials, min(400, len(officials)))
    queries: list[str] = []
    for n, (name_zh, name_pinyin, name_en) in enumerate(sample):
        surname_py, _, given_py = name_pinyin.partition(" ")
        kind = n % 6
        if kind == 0:
            queries.append(strip_tones(surname_py))  # "wang": a few hundred hits
        elif kind == 1:
            queries.append(strip_tones(name_pinyin))  # "wangxiaoming"
        elif kind == 2:
            queries.append(f"{surname_py} {given_py[:3]}")  # "Wáng Xiǎ"
        elif kind == 3:
            queries.append(name_zh)  # full name in characters
        elif kind == 4:
            queries.append(name_zh[0])  # a surname in characters
        elif name_en:
            queries.append(name_en.split()[0].lower())  # an English given name
        else:
            queries.append(strip_tones(given_py))
        if len(queries) >= 60:
            break
    return queries


def targets() -> dict[str, list[str]]:
    from urllib.parse import quote

    rng = random.Random(SEED + 1)
    ids = list(Course.objects.order_by("pk").values_list("pk", flat=True))
    rng.shuffle(ids)
    return {
        "course": [f"/courses/{pk}/" for pk in ids],
        "roster": [f"/courses/{pk}/roster/" for pk in ids],
        "official_search": [f"/officials/?q={quote(q)}" for q in search_queries(rng)],
    }


def probe(session_key: str, paths: dict[str, list[str]]) -> dict:
    """SQL queries each page runs for the staff user (first URL of each page, after a warm-up request)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_key
    result = {}
    for name, urls in paths.items():
        per_url = []
        for url in urls[:3]:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"bench/_data.py: {url} answered {response.status_code}, not 200")
            per_url.append(len(ctx.captured_queries))
        result[name] = max(per_url)
    return result


def main() -> None:
    global COURSES
    started = time.perf_counter()
    made = None
    if "--courses" in sys.argv[1:]:  # bench/pages.py --smoke: a couple of courses, not 50
        COURSES = int(sys.argv[sys.argv.index("--courses") + 1])
    if "--generate" in sys.argv[1:]:
        with transaction.atomic():
            made = generate()
        print(f"generated in {time.perf_counter() - started:.1f}s: {made}", file=sys.stderr)
    session_key = login_session()
    paths = targets()
    queries = probe(session_key, paths)
    print(
        json.dumps(
            {
                "generated": made is not None,
                "counts": counts(),
                "session_key": session_key,
                "paths": paths,
                "queries": queries,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
