"""Feedback in a real browser: an official answers on a phone and asks to follow up; staff take the task
and close it; the dashboard's tables and bars."""

import datetime
import os
import zoneinfo
from pathlib import Path

import pytest
from django.utils import timezone, translation

from peixun.core import clock
from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.feedback import services
from peixun.feedback.models import RATINGS, Evaluation, FollowUp
from tests.factories import (
    PASSWORD,
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    TopicFactory,
    UserFactory,
)
from tests.timing import session_around_now

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots"))
PHONE = {"width": 390, "height": 844}
NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳", "欧阳明", "司马光"]


@pytest.fixture
def device(chromium, live_server):
    contexts = []

    def open_page(viewport: dict, locale: str = "en-GB"):
        context = chromium.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport, has_touch=True, device_scale_factor=1
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def past_monday(weeks: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks)


def a_held_course(weeks_ago: int = 3, title=("Energy Smart Cities", "能源智慧城市"), academy=None, size=8):
    start = past_monday(weeks_ago)
    course = CourseFactory(
        title_en=title[0],
        title_zh=title[1],
        start=start,
        end=start + datetime.timedelta(days=13),
        **({"academy": academy} if academy else {}),
    )
    officials = []
    for index, name in enumerate(NAMES[:size]):
        official = OfficialFactory(name_zh=name)
        EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.CONFIRMED)
        official.user = UserFactory(username=f"o{course.pk}-{index}", role=Role.OFFICIAL, language="en")
        official.save()
        officials.append(official)
    return course, officials


def a_session(course, day, title, lecturers=(), topics=(), **fields):
    module = None
    if topics:
        module = CourseModuleFactory(course=course, first_day=course.start)
        module.topics.set(topics)
    session = SessionFactory(
        course=course,
        date=course.start + datetime.timedelta(days=day),
        title_en=title[0],
        title_zh=title[1],
        module=module,
        part_of_day=fields.pop("part_of_day", PartOfDay.MORNING),
        **fields,
    )
    for lecturer in lecturers:
        SessionLecturer.objects.create(
            session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day
        )
    return session


def test_official_answers_on_a_phone_and_staff_close_the_follow_up(device):
    course, officials = a_held_course(weeks_ago=1, size=3)  # within the 14 days feedback stays open
    lecturer = LecturerFactory(name="Ada Lovelace")
    topic = TopicFactory(name_en="Energy master planning", name_zh="能源总体规划")
    partner = OrganisationFactory(name_en="Philips Lighting", name_zh="飞利浦照明", is_sending_unit=False)
    session = a_session(
        course,
        0,
        ("District heating in Seoul", "首尔的区域供热"),
        lecturers=[lecturer],
        topics=[topic],
        sponsor=partner,
    )
    official = officials[0]
    official.user.username = "wangwei"
    official.user.save()
    UserFactory(username="sam", role=Role.STAFF, first_name="Sam", last_name="Staff")

    phone = device(PHONE)
    log_in(phone, "wangwei", PASSWORD)
    phone.goto("/feedback/")
    assert no_horizontal_scroll(phone)
    phone.tap(f"[data-testid=to-rate] a[data-session='{session.pk}']")
    phone.wait_for_selector("[data-testid=feedback-form]")
    assert no_horizontal_scroll(phone)
    # Every answer is a finger-sized target inside the screen.
    for name, _label in RATINGS:
        for value in (1, 5):
            box = phone.locator(f"label[for=id_{name}_{value - 1}]").bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for (name, _label), value in zip(RATINGS, [5, 4, 3, 5, 4], strict=True):
        phone.tap(f"label[for=id_{name}_{value - 1}]")
    phone.fill("#id_comment", "Please send the Seoul heat map.")
    phone.tap("label.fb-follow")
    assert phone.is_checked("#id_wants_follow_up")
    shot(phone, "feedback-phone-form")

    phone.tap("[data-testid=send-feedback]")
    phone.wait_for_selector(".msg-success")
    messages = phone.inner_text(".messages")
    assert "Thank you! Your feedback on “District heating in Seoul” is saved." in messages
    assert "The programme team will get in touch with you to follow up." in messages
    assert "District heating in Seoul" in phone.inner_text("[data-testid=done]")
    assert no_horizontal_scroll(phone)
    shot(phone, "feedback-phone-done")
    evaluation = Evaluation.objects.get()
    assert [getattr(evaluation, name) for name, _l in RATINGS] == [5, 4, 3, 5, 4]

    desk = device({"width": 1280, "height": 900})
    log_in(desk, "sam", PASSWORD)
    desk.goto("/feedback/follow-ups/")
    follow_up = FollowUp.objects.get()
    row = desk.locator(f"tr[data-follow-up='{follow_up.pk}']")
    assert "Energy master planning" in row.inner_text() and "Nobody yet" in row.inner_text()
    row.locator("a").first.click()
    desk.wait_for_selector("[data-testid=follow-up-form]")
    assert "Please send the Seoul heat map." in desk.inner_text("main")
    desk.click("[data-testid=take]")
    desk.wait_for_selector(".msg-success")
    assert desk.locator("#id_owner option:checked").inner_text() == "Sam Staff"
    desk.select_option("#id_state", "done")
    desk.fill("#id_notes", "Sent the heat map; Philips to visit in May.")
    desk.click("[data-testid=follow-up-form] button[type=submit]")
    desk.wait_for_selector(".msg-success")
    assert desk.inner_text("[data-testid=state]") == "Done"
    history = desk.inner_text("[data-testid=history]")
    assert "Open → Done" in history.replace("\t", " ").replace("  ", " ") or "Done" in history
    shot(desk, "feedback-follow-up")
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.owner.username) == ("done", "sam")

    desk.goto("/feedback/follow-ups/")
    assert "No follow-ups match these filters." in desk.inner_text("main")


def test_the_dashboard_shows_tables_with_bars(device):
    academy = AcademyFactory(name_en="NAMC", name_zh="市长研修学院")
    lecturers = [LecturerFactory(name=n) for n in ("Ada Lovelace", "Grace Hopper", "Rocky Anderson")]
    topics = [
        TopicFactory(name_en="Energy master planning", name_zh="能源总体规划"),
        TopicFactory(name_en="Green buildings", name_zh="绿色建筑"),
        TopicFactory(name_en="Smart transportation", name_zh="智慧交通"),
    ]
    patterns = {
        0: [5, 4, 5, 4, 5, 4, 4],
        1: [2, 3, 2, 1, 3, 2, 2],
        2: [4, 4, 3, 5, 4, 3, 4],
    }
    for weeks, title in ((12, ("Eco-cities", "生态城市")), (7, ("Green finance", "绿色金融")), (3, ("Energy", "能源"))):
        course, officials = a_held_course(weeks, title, academy=academy)
        for index, lecturer in enumerate(lecturers):
            session = a_session(
                course,
                index,
                (f"{topics[index].name_en}: {title[0]}", f"{topics[index].name_zh}：{title[1]}"),
                lecturers=[lecturer],
                topics=[topics[index]],
                format=[SessionFormat.LECTURE, SessionFormat.WORKSHOP, SessionFormat.SITE_VISIT][index],
            )
            drift = 1 if (weeks == 3 and index == 1) else 0
            for official, interest in zip(officials, patterns[index], strict=False):
                rating = max(1, min(5, interest - drift))
                services.submit_evaluation(
                    actor=official.user,
                    session=session,
                    answers={name: max(1, min(5, rating + (i % 3) - 1)) for i, (name, _l) in enumerate(RATINGS)},
                    comment=["", "Useful for our new district.", "Too theoretical.", "More cases from Seoul, please."][
                        (interest + index) % 4
                    ],
                    wants_follow_up=interest == 5 and index == 0,
                    now=session.ends_at,  # answered as the session ended, weeks ago
                )
    UserFactory(username="sam", role=Role.STAFF)
    desk = device({"width": 1280, "height": 900})
    log_in(desk, "sam", PASSWORD)
    desk.goto("/feedback/dashboard/")
    assert "Sessions that need attention" in desk.inner_text("[data-testid=weakest]")
    assert "Smart transportation" not in desk.inner_text("[data-testid=weakest]")
    assert "Green buildings" in desk.inner_text("[data-testid=weakest]")
    assert desk.locator("tr.fb-flagged").count() >= 1
    assert desk.locator(".fb-bar > span").count() > 20
    shot(desk, "feedback-dashboard")
    weakest = desk.locator("[data-testid=weakest] a").first
    weakest.click()
    desk.wait_for_selector("[data-testid=responses]")
    assert "Who answered" in desk.inner_text("[data-testid=responses]")
    shot(desk, "feedback-session-staff")

    tablet = device({"width": 768, "height": 1024})
    log_in(tablet, "sam", PASSWORD)
    tablet.goto("/feedback/dashboard/?order=interest&trend=topic")
    assert no_horizontal_scroll(tablet)
    shot(tablet, "feedback-dashboard-tablet")

    ada = lecturers[0]
    ada.user = UserFactory(username="ada", role=Role.LECTURER)
    ada.save()
    lecturer = device({"width": 1280, "height": 900})
    log_in(lecturer, "ada", PASSWORD)
    lecturer.goto("/feedback/lecturer/")
    assert no_horizontal_scroll(lecturer)
    shot(lecturer, "feedback-lecturer-results")
    lecturer.locator("[data-testid=session-table] th a").first.click()
    lecturer.wait_for_selector("[data-testid=comments]")
    page = lecturer.inner_text("main")
    assert "Who answered" not in page
    for name in NAMES:
        assert name not in page
    shot(lecturer, "feedback-session-lecturer")
    lecturer.goto("/feedback/lecturer/follow-ups/")
    shot(lecturer, "feedback-lecturer-follow-ups")


def test_the_list_shows_only_sessions_begun_and_a_session_not_begun_takes_no_answer(device):
    """Morning at the academy: the morning session has begun, the afternoon one has not. The list offers
    the first, shows the second as coming with when its feedback opens, and an answer sent for the second
    anyway is refused with that time."""
    course, officials = a_held_course(weeks_ago=1, size=2)
    begun = session_around_now(
        course, begins_in=-datetime.timedelta(hours=1), title_en="District heating in Seoul", title_zh="首尔的区域供热"
    )
    later = session_around_now(
        course, begins_in=datetime.timedelta(hours=2), title_en="Smart grids", title_zh="智能电网"
    )
    user = officials[0].user
    user.username, user.time_zone = "wangwei", course.academy.time_zone  # the official is at the academy
    user.save()

    phone = device(PHONE)
    log_in(phone, "wangwei", PASSWORD)
    phone.goto("/feedback/")
    to_rate = phone.inner_text("[data-testid=to-rate]")
    assert "District heating in Seoul" in to_rate and "Smart grids" not in to_rate
    coming = phone.inner_text("[data-testid=coming]")
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        opens = clock.when(later.starts_at)
    assert "Smart grids" in coming and f"Feedback opens at {opens}" in coming
    assert phone.locator(f"a[href='/feedback/sessions/{later.pk}/']").count() == 0
    assert no_horizontal_scroll(phone)
    shot(phone, "feedback-list-with-coming-phone")

    # The form of the session that has begun, sent to the one that has not: refused, nothing saved.
    phone.tap(f"[data-testid=to-rate] a[data-session='{begun.pk}']")
    phone.wait_for_selector("[data-testid=feedback-form]")
    for name, _label in RATINGS:
        phone.tap(f"label[for=id_{name}_3]")
    phone.eval_on_selector(
        "[data-testid=feedback-form]", f"form => form.setAttribute('action', '/feedback/sessions/{later.pk}/')"
    )
    with phone.expect_navigation():
        phone.tap("[data-testid=send-feedback]")
    assert f"“Smart grids” has not begun yet: feedback on it opens at {opens}." in phone.inner_text("main")
    assert Evaluation.objects.count() == 0
    shot(phone, "feedback-not-begun-phone")

    phone.goto(f"/feedback/sessions/{later.pk}/")
    assert "has not begun yet" in phone.inner_text("main")
    assert phone.locator("[data-testid=feedback-form]").count() == 0
