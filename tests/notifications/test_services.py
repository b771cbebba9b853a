"""notify(): one notice and one mail per person and action, in the reader's language first, sent only
once the change commits."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction

from peixun.core.enums import Role
from peixun.courses import services as courses
from peixun.curriculum.enums import PartOfDay
from peixun.notifications import wording
from peixun.notifications.enums import Kind
from peixun.notifications.models import Notice
from peixun.notifications.services import Change, Recipient, for_person, for_user, notify
from tests.factories import MONDAY, CourseFactory, LecturerFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + datetime.timedelta(days=1)


def moved(session_en="Energy planning", session_zh="能源规划", day=MONDAY, new_day=TUESDAY):
    return {
        "course_en": "Green Cities",
        "course_zh": "绿色城市",
        "session_en": session_en,
        "session_zh": session_zh,
        "date": new_day.isoformat(),
        "part": PartOfDay.AFTERNOON,
        "old_date": day.isoformat(),
        "old_part": PartOfDay.MORNING,
    }


def test_many_changes_for_one_person_are_one_notice_and_one_mail(django_capture_on_commit_callbacks):
    reader = for_user(UserFactory(username="ada", role=Role.LECTURER, language="en"))
    other = for_user(UserFactory(username="bo", role=Role.LECTURER, language="en"))
    changes = [
        Change(reader, Kind.SESSION_MOVED, moved(day=MONDAY + datetime.timedelta(days=i)), "/courses/1/timetable/")
        for i in range(20)
    ] + [Change(other, Kind.SESSION_MOVED, moved(), "/courses/1/timetable/")]

    with django_capture_on_commit_callbacks(execute=True):
        notices = notify(actor=None, changes=changes)

    assert [(n.user.username, len(n.items)) for n in notices] == [("ada", 20), ("bo", 1)]
    assert [m.to for m in mail.outbox] == [["ada@example.org"], ["bo@example.org"]]
    assert mail.outbox[0].subject == "Green Cities: 20 sessions moved / 绿色城市：20个课节已调整"
    assert mail.outbox[0].body.count("– ") == 40  # twenty lines in each language
    assert mail.outbox[1].subject.startswith("“Energy planning” moves to Tue 2 Mar 2027 · Afternoon / ")


def test_the_same_change_twice_is_listed_once():
    reader = for_user(UserFactory())

    (notice,) = notify(actor=None, changes=[Change(reader, Kind.SESSION_MOVED, moved())] * 2)

    assert len(notice.items) == 1


def test_the_actor_is_never_told_even_by_their_record_address(django_capture_on_commit_callbacks):
    actor = UserFactory(email="me@example.org")
    record = OfficialFactory(email="ME@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        notices = notify(
            actor=actor,
            changes=[
                Change(for_user(actor), Kind.SESSION_MOVED, moved()),
                Change(for_person(record, language="zh-hans"), Kind.SESSION_MOVED, moved()),
            ],
        )

    assert notices == []
    assert mail.outbox == []


def test_each_reader_gets_their_language_first_and_the_other_below(django_capture_on_commit_callbacks):
    english = for_user(UserFactory(role=Role.LECTURER, language="en", first_name="Ada", last_name="Lovelace"))
    chinese = for_user(UserFactory(role=Role.OFFICIAL, language="zh-hans", name_zh="王伟", email="wang@example.cn"))

    with django_capture_on_commit_callbacks(execute=True):
        notify(actor=None, changes=[Change(person, Kind.SESSION_MOVED, moved()) for person in (english, chinese)])

    to_ada, to_wang = mail.outbox
    assert (
        to_ada.subject
        == "“Energy planning” moves to Tue 2 Mar 2027 · Afternoon / “能源规划”调整到2027年3月2日 星期二 · 下午"
    )
    first, second = to_ada.body.split("————————")
    assert first.strip().splitlines()[0] == "Dear Ada Lovelace,"
    assert (
        "“Energy planning” (Green Cities) moves from Mon 1 Mar 2027 · Morning to Tue 2 Mar 2027 · Afternoon." in first
    )
    assert "“能源规划”（绿色城市）由2027年3月1日 星期一 · 上午调整到2027年3月2日 星期二 · 下午。" in second

    assert (
        to_wang.subject
        == "“能源规划”调整到2027年3月2日 星期二 · 下午 / “Energy planning” moves to Tue 2 Mar 2027 · Afternoon"
    )
    first, second = to_wang.body.split("————————")
    assert first.strip().splitlines()[0] == "王伟，您好："
    assert "“能源规划”（绿色城市）由2027年3月1日 星期一 · 上午调整到2027年3月2日 星期二 · 下午。" in first
    assert "Energy planning" not in first
    assert "moves from Mon 1 Mar 2027 · Morning to Tue 2 Mar 2027 · Afternoon." in second


def test_people_without_a_login_are_mailed_in_their_records_language():
    lecturer = LecturerFactory(name="Zhou Li", name_zh="周立", email="zhou@example.org", languages="zh, en")
    official = OfficialFactory(name_zh="王伟", email="wang@example.cn")
    unreachable = OfficialFactory(email="")

    from peixun.courses.notifications import lecturer_recipient, official_recipient

    assert lecturer_recipient(lecturer) == Recipient(email="zhou@example.org", language="zh-hans")
    assert official_recipient(official) == Recipient(email="wang@example.cn", language="zh-hans")
    assert official_recipient(unreachable) is None
    english = LecturerFactory(email="e@example.org", languages="en")
    assert lecturer_recipient(english).language == "en"


def test_a_login_without_a_chosen_language_reads_the_default_and_an_inactive_one_is_not_told():
    assert for_user(UserFactory(language="")).language == "en"
    assert for_user(UserFactory(is_active=False)) is None
    official = OfficialFactory(user=UserFactory(language="", email=""), email="record@example.cn")
    recipient = for_person(official, language="zh-hans")
    assert (recipient.user, recipient.email, recipient.language) == (official.user, "record@example.cn", "zh-hans")


def test_a_notice_reads_in_the_language_active_when_it_is_shown():
    from django.utils import translation

    items = [{"kind": Kind.SESSION_CANCELLED, **moved()}]
    with translation.override("en"):
        assert wording.headline(items) == "“Energy planning” is cancelled"
        assert wording.lines(items) == ["“Energy planning” (Green Cities) on Tue 2 Mar 2027 · Afternoon is cancelled."]
    with translation.override("zh-hans"):
        assert wording.headline(items) == "“能源规划”已取消"
        assert wording.lines(items) == ["2027年3月2日 星期二 · 下午的“能源规划”（绿色城市）已取消。"]


# Only what commits is told -----------------------------------------------------------------------


def _session_with_lecturer_login():
    course = CourseFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, academy=course.academy)
    lecturer = LecturerFactory(user=UserFactory(username="ada", role=Role.LECTURER), email="")
    session = courses.create_session(
        actor=coordinator,
        course=course,
        date=MONDAY,
        part_of_day=PartOfDay.MORNING,
        format="lecture",
        title_en="Energy planning",
        title_zh="能源规划",
        class_hours=Decimal("3"),
        lecturers=[lecturer],
    )
    return coordinator, session


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_no_notice_and_sends_no_mail():
    coordinator, session = _session_with_lecturer_login()

    with pytest.raises(RuntimeError), transaction.atomic():
        courses.update_session(actor=coordinator, session=session, date=TUESDAY)
        assert Notice.objects.count() == 1  # written with the change...
        raise RuntimeError("something later in the same request fails")

    assert Notice.objects.count() == 0  # ...and undone with it
    assert mail.outbox == []
    session.refresh_from_db()
    assert session.date == MONDAY


@pytest.mark.django_db(transaction=True)
def test_the_mail_leaves_only_when_the_change_commits():
    coordinator, session = _session_with_lecturer_login()

    with transaction.atomic():
        courses.update_session(actor=coordinator, session=session, date=TUESDAY)
        assert mail.outbox == []

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert Notice.objects.get().user.username == "ada"


def test_a_mail_server_that_fails_does_not_undo_the_change(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.failing_mail.Backend"
    coordinator, session = _session_with_lecturer_login()

    with django_capture_on_commit_callbacks(execute=True):
        courses.update_session(actor=coordinator, session=session, date=TUESDAY)

    session.refresh_from_db()
    assert session.date == TUESDAY
    assert Notice.objects.get().user.username == "ada"
