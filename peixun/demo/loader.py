"""Load the demo programme from ``peixun.demo.data``, all or nothing.

The real-world rows (academies, venues, organisations, jurisdictions, topics, module templates) are
updated in place, matched by their natural keys, so their ids stay put and anything else that refers
to them is left alone. The invented rows (demo lecturers and officials, the three demo courses — planned,
in session and finished — with their timetables, rosters, attendance, credits, feedback, certificates,
presentations, the memory entries their approval added, and their audit trail) are removed and created
afresh on every load; the logins are kept and reset (role, scope, password). Everything is written
through the services, so the checker sees every session and every nomination, the rules of attendance,
certificates and the presentations' workflow apply as they do to people, and the audit trail reads as
if staff had done it by hand. What happened in the past (the finished course's roll calls, its
certificates) is written at the moment it happened, passed to the services as ``now``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from peixun.academies.models import Academy, Venue
from peixun.attendance import services as attendance
from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.models import Attendance
from peixun.core.models import AuditEvent, User
from peixun.core.pdf import LATIN_FONT, draw_string, register_fonts
from peixun.courses import services
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, CourseModule, Enrolment
from peixun.curriculum.enums import DEFAULT_CLASS_HOURS, SessionFormat
from peixun.curriculum.models import Module, OutlineSession, Topic
from peixun.feedback import services as feedback
from peixun.feedback.models import RATINGS, Evaluation, FollowUp
from peixun.materials import checklist as acceptability
from peixun.materials import services as materials
from peixun.materials.enums import SegmentStatus, WorkflowAction
from peixun.materials.models import Material, MaterialVersion, MemoryEntry, WorkflowEvent
from peixun.materials.workbench.services import save_segment
from peixun.notifications.models import Notice
from peixun.partners import services as partners
from peixun.partners.models import Engagement, PressItem, TranslatedDocument
from peixun.partners.press import services as press
from peixun.people.models import Availability, Jurisdiction, Lecturer, Official, Organisation
from peixun.records import services as records
from peixun.records.certificates import services as certificates
from peixun.records.models import Certificate, LedgerEntry

from . import data

#: Called as ``progress(stage, done, total)`` while loading.
Progress = Callable[[str, int, int], None]


class DemoError(Exception):
    """The demo cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Login:
    username: str
    description: str


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


# Finding the demo ------------------------------------------------------------------------------


def demo_courses() -> models.QuerySet[Course]:
    return Course.objects.filter(
        models.Q(academy__code=data.COURSE["academy"], title_en=data.COURSE["title_en"])
        | models.Q(academy__code=data.CURRENT_CLASS["academy"], title_en=data.CURRENT_CLASS["title_en"])
        | models.Q(academy__code=data.FINISHED_CLASS["academy"], title_en=data.FINISHED_CLASS["title_en"])
    )


def is_loaded() -> bool:
    return demo_courses().exists()


def logins() -> list[Login]:
    """The demo logins as they are in the database, described in English."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[u["username"] for u in data.USERS]).select_related(
            "academy", "sending_unit", "partner", "lecturer__affiliation", "official"
        )
    }
    found = []
    for spec in data.USERS:
        user = users.get(spec["username"])
        if user is None:
            continue
        description = str(user.get_role_display()).lower()
        if user.academy is not None:
            description += f", {user.academy.code.upper()} ({user.academy.name_en})"
        if user.sending_unit is not None:
            description += f", {user.sending_unit.name_en}"
        if user.partner is not None:
            description += f", {user.partner.name_en}"
        lecturer = getattr(user, "lecturer", None)
        if lecturer is not None:
            description += f", {lecturer.name} ({lecturer.affiliation.name_en})"
        official = getattr(user, "official", None)
        if official is not None:
            description += f", {official.name_pinyin} {official.name_zh}, {official.title_zh}"
        found.append(Login(user.username, description))
    return found


def logins_table() -> list[str]:
    """The demo logins as the lines of a table for the console (none before the demo is loaded)."""
    rows = logins()
    if not rows:
        return []
    width = max(len("username"), *(len(login.username) for login in rows))
    rule = max(len(login.description) for login in rows)
    return [
        f"Demo logins (password: {data.PASSWORD})",
        f"  {'username'.ljust(width)}  who they are",
        f"  {'-' * width}  {'-' * rule}",
        *(f"  {login.username.ljust(width)}  {login.description}" for login in rows),
    ]


# Removing the demo -----------------------------------------------------------------------------


def remove() -> None:
    """Remove what the demo created, except the logins and the real-world rows."""
    courses = demo_courses()
    try:
        with transaction.atomic():
            demo_officials = Official.objects.filter(is_demo=True)
            Certificate.objects.filter(models.Q(course__in=courses) | models.Q(official__in=demo_officials)).delete()
            Attendance.objects.filter(
                models.Q(session__course__in=courses) | models.Q(official__in=demo_officials)
            ).delete()
            _remove_demo_materials(courses)
            purge_demo_ledger(demo_officials)
            _delete_with_history(FollowUp.objects.filter(official__in=demo_officials))
            Evaluation.objects.filter(official__in=demo_officials).delete()
            outlets = [spec[0] for spec in data.MEDIA_OUTLETS.values()]
            titles = [document["title_en"] for document in data.TRANSLATED_DOCUMENTS]
            for rows in (
                Engagement.objects.filter(course__in=courses),
                PressItem.objects.filter(outlet__name_en__in=outlets),
                TranslatedDocument.objects.filter(title_en__in=titles),
            ):
                _delete_with_history(rows)
            AuditEvent.objects.filter(course__in=courses).delete()
            # What the demo logins were told is about the demo that is being replaced.
            Notice.objects.filter(user__username__in=[spec["username"] for spec in data.USERS]).delete()
            Enrolment.objects.filter(course__in=courses).delete()
            courses.delete()
            Official.objects.filter(is_demo=True).delete()
            Lecturer.objects.filter(is_demo=True).delete()
    except ProtectedError as error:
        blocking = sorted(error.protected_objects, key=lambda obj: (obj._meta.label, obj.pk))
        example = blocking[0]
        raise DemoError(
            f"The demo cannot be reloaded: {len(blocking)} rows outside the demo still refer to demo people or "
            f"the demo course, for example {example._meta.verbose_name} #{example.pk} “{example}”. "
            "Remove them first."
        ) from error


def _delete_with_history(rows: models.QuerySet) -> None:
    """Delete invented demo rows together with the audit rows about them."""
    AuditEvent.objects.filter(
        object_type=rows.model._meta.label_lower, object_id__in=[str(pk) for pk in rows.values_list("pk", flat=True)]
    ).delete()
    rows.delete()


def _remove_demo_materials(courses) -> None:
    materials = Material.objects.filter(course__in=courses)
    # What the academy's approval of a demo presentation put into the memory goes with it.
    MemoryEntry.objects.filter(material__in=materials).delete()
    WorkflowEvent.objects.filter(material__in=materials).delete()
    MaterialVersion.objects.filter(material__in=materials).delete()  # their segments go with them
    _delete_with_history(materials)


def purge_demo_ledger(officials) -> None:
    """The training record is append-only; only the demo's invented officials may have theirs removed.

    On PostgreSQL the ledger's trigger lets a delete through only inside a transaction that says it is
    purging the demo, and only of an entry whose official is a demo one (``Official.is_demo``, which the
    database keeps as it was made): the switch alone removes nothing else (records migration 0003).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL peixun.purge = 'demo'")
    entries = LedgerEntry.objects.filter(official__in=officials)
    AuditEvent.objects.filter(
        object_type=LedgerEntry._meta.label_lower,
        object_id__in=[str(pk) for pk in entries.values_list("pk", flat=True)],
    ).delete()
    entries._raw_delete(LedgerEntry.objects.db)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL peixun.purge = ''")


# Loading ---------------------------------------------------------------------------------------


def load(*, progress: Progress | None = None) -> Course:
    """Replace the demo programme with a fresh copy, in one transaction. Returns the demo course."""
    if not settings.DEMO_MODE:
        raise DemoError(
            "The demo programme and its logins are only loaded in development mode "
            "(PEIXUN_DEBUG=1 and PEIXUN_DEMO not 0); this installation runs with DEMO_MODE off."
        )
    progress = progress or _no_progress
    from peixun.materials.thumbnails import not_on_upload

    # The demo's slide pictures are drawn when a workbench first shows them, not while loading.
    with transaction.atomic(), not_on_upload():
        remove()
        loader = _Loader(progress)
        return loader.run()


def placeholder_pdf(*lines: str) -> bytes:
    """A one-page PDF that says what it stands in for, its fonts embedded like every PDF Peixun makes."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buffer = io.BytesIO()
    page = Canvas(buffer, initialFontName=LATIN_FONT)
    for index, line in enumerate(lines):
        draw_string(page, 72, 720 - 20 * index, line, 12)
    page.save()
    return buffer.getvalue()


def _update_or_create(model: type[models.Model], lookup: dict, values: dict, exclude=()) -> models.Model:
    """Match a row by its natural key (the first one, should there be several) and set its values."""
    row = model.objects.filter(**lookup).order_by("pk").first() or model(**lookup)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean(exclude=list(exclude), validate_unique=False)
    row.save()
    return row


class _Loader:
    def __init__(self, progress: Progress):
        self.progress = progress

    def _each(self, stage: str, items):
        items = list(items)
        total = len(items)
        if not total:
            return
        for done, item in enumerate(items, start=1):
            yield item
            self.progress(stage, done, total)

    def run(self) -> Course:
        self.academies = self.load_academies()
        self.topics = self.load_topics()
        self.organisations = self.load_organisations()
        self.jurisdictions = self.load_jurisdictions()
        self.venues = self.load_venues()
        self.modules = self.load_modules()
        self.lecturers = self.load_lecturers()
        self.officials = self.load_officials()
        self.users = self.load_users()
        course = self.load_course()
        self.load_timetable(course)
        self.load_roster(course)
        current = self.load_current_class()
        self.load_external_training()
        self.load_partners(course, current)
        self.load_feedback(current)
        self.load_presentation(course)
        self.load_press()
        finished = self.load_finished_class()
        self.load_certificates(finished)
        self.load_feedback(finished)
        self.load_finished_follow_ups(finished)
        self.load_delivered_presentation(current)
        self.load_presentation_in_review(course)
        return course

    # The world of the programme description --------------------------------------------------

    def load_academies(self) -> dict[str, Academy]:
        return {
            code: _update_or_create(Academy, {"code": code}, values)
            for code, values in self._each("academies", data.ACADEMIES.items())
        }

    def load_topics(self) -> dict[str, Topic]:
        return {
            slug: _update_or_create(Topic, {"slug": slug}, {"name_en": name_en, "name_zh": name_zh, "order": order})
            for order, (slug, name_en, name_zh) in self._each("topics", enumerate(data.TOPICS, start=1))
        }

    def load_organisations(self) -> dict[str, Organisation]:
        rows = [(key, spec, False) for key, spec in data.ORGANISATIONS.items()]
        rows += [(key, spec, True) for key, spec in data.SENDING_UNITS.items()]
        found = {}
        for key, (name_en, name_zh, kind, website), sends in self._each("organisations", rows):
            found[key] = _update_or_create(
                Organisation,
                {"name_en": name_en},
                {"name_zh": name_zh, "kind": kind, "website": website, "is_sending_unit": sends},
            )
        return found

    def load_jurisdictions(self) -> dict[str, Jurisdiction]:
        found: dict[str, Jurisdiction] = {}
        for key, (name_en, name_zh, level, parent, population) in self._each(
            "jurisdictions", data.JURISDICTIONS.items()
        ):
            found[key] = _update_or_create(
                Jurisdiction,
                {"name_en": name_en, "level": level},
                {"name_zh": name_zh, "parent": found[parent] if parent else None, "population": population},
            )
        return found

    def load_venues(self) -> dict[str, Venue]:
        found = {}
        for key, spec in self._each("venues", data.VENUES.items()):
            found[key] = _update_or_create(
                Venue,
                {"name_en": spec["name_en"]},
                {
                    "name_zh": spec["name_zh"],
                    "kind": spec["kind"],
                    "academy": self.academies[spec["academy"]] if spec.get("academy") else None,
                    "host": self.organisations[spec["host"]] if spec.get("host") else None,
                    "address": spec.get("address", ""),
                    "city_en": spec.get("city_en", ""),
                    "city_zh": spec.get("city_zh", ""),
                    "capacity": spec["capacity"],
                    "open_days": list(spec["open_days"]),
                },
            )
        return found

    def load_modules(self) -> dict[str, Module]:
        found = {}
        for spec in self._each("module templates", data.MODULES):
            module = _update_or_create(
                Module,
                {"code": spec["code"]},
                {name: spec[name] for name in ("title_en", "title_zh", "days", "objectives_en", "objectives_zh")},
            )
            module.topics.set([self.topics[slug] for slug in spec["topics"]])
            module.outline.all().delete()
            outline = []
            for day, part_of_day, format, title_en, title_zh in spec["outline"]:
                if not 1 <= day <= module.days:
                    raise DemoError(f"Module {module.code}: day {day} of an outline session is outside its days.")
                row = OutlineSession(
                    module=module,
                    day=day,
                    part_of_day=part_of_day,
                    format=format,
                    title_en=title_en,
                    title_zh=title_zh,
                    class_hours=DEFAULT_CLASS_HOURS[format],
                )
                row.full_clean(exclude=["module"])
                outline.append(row)
            OutlineSession.objects.bulk_create(outline)
            site_venues = [self.venues[key] for key in data.OUTLINE_SITE_VENUES[spec["code"]]]
            for row in outline:
                if row.format == SessionFormat.SITE_VISIT:
                    row.venues.set(site_venues)
            found[spec["code"]] = module
        return found

    # Invented people ---------------------------------------------------------------------------

    def load_lecturers(self) -> dict[str, Lecturer]:
        found = {}
        for key, spec in self._each("lecturers", data.LECTURERS.items()):
            lecturer = Lecturer(
                name=spec["name"],
                name_zh=spec["name_zh"],
                affiliation=self.organisations[spec["affiliation"]],
                position=spec["position"],
                bio_en=spec["bio_en"],
                bio_zh=spec["bio_zh"],
                languages=spec["languages"],
                time_zone=spec["time_zone"],
                email=f"{key}@example.org",
                is_demo=True,
            )
            lecturer.full_clean()
            lecturer.save()
            lecturer.topics.set([self.topics[slug] for slug in spec["topics"]])
            for start, end, note in spec["availability"]:
                window = Availability(lecturer=lecturer, start=start, end=end, note=note)
                window.full_clean()
                window.save()
            found[key] = lecturer
        return found

    def load_officials(self) -> dict[str, Official]:
        found = {}
        for row in self._each("officials", data.OFFICIALS):
            key, name_zh, name_en, category, title, jurisdiction, unit, service_began = row
            official = Official(
                name_zh=name_zh,
                name_en=name_en,
                position_category=category,
                title_zh=title,
                title_en=data.OFFICIAL_POSTS_EN.get(key, ""),
                jurisdiction=self.jurisdictions[jurisdiction] if jurisdiction else None,
                sending_unit=self.organisations[unit],
                # The data gives the year; the month is spread so that windows begin mid-year too.
                service_began=datetime.date(service_began, 1 + sum(map(ord, key)) % 12, 1),
                email=f"{key}@example.org",
                is_demo=True,
            )
            official.full_clean(exclude=["search_key"])
            official.save()
            found[key] = official
        return found

    def _set_demo_password(self, user: User) -> None:
        """Give the login the demo password, hashed once for all of them (a hash takes a quarter of a second
        on purpose, and the password is public anyway). A password that is still right is kept, so reloading
        the demo logs nobody out."""
        if self.password_hash is not None and user.password == self.password_hash:
            return
        if self.password_hash is None and user.has_usable_password() and user.check_password(data.PASSWORD):
            self.password_hash = user.password
            return
        if self.password_hash is None:
            self.password_hash = make_password(data.PASSWORD)
        user.password = self.password_hash

    def load_users(self) -> dict[str, User]:
        found = {}
        self.password_hash: str | None = None
        for spec in self._each("logins", data.USERS):
            user = User.objects.filter(username=spec["username"]).first() or User(username=spec["username"])
            user.role = spec["role"]
            user.first_name = spec["first_name"]
            user.last_name = spec["last_name"]
            user.name_zh = spec.get("name_zh", "")
            user.email = f"{spec['username']}@example.org"
            user.language = spec["language"]
            user.academy = self.academies[spec["academy"]] if spec.get("academy") else None
            user.sending_unit = self.organisations[spec["sending_unit"]] if spec.get("sending_unit") else None
            user.partner = self.organisations[spec["partner"]] if spec.get("partner") else None
            user.is_active = True
            self._set_demo_password(user)
            user.save()
            # The login belongs to the demo person now, not to whoever held it before.
            Official.objects.filter(user=user).update(user=None)
            Lecturer.objects.filter(user=user).update(user=None)
            if spec.get("lecturer"):
                Lecturer.objects.filter(pk=self.lecturers[spec["lecturer"]].pk).update(user=user)
            if spec.get("official"):
                Official.objects.filter(pk=self.officials[spec["official"]].pk).update(user=user)
            found[spec["username"]] = user
        return found

    # The course, through the services ------------------------------------------------------------

    @property
    def staff(self) -> User:
        return self.users["staff"]

    def load_course(self) -> Course:
        spec = data.COURSE
        course, _warnings = services.create_course(
            actor=self.staff,
            academy=self.academies[spec["academy"]],
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            start=spec["start"],
            end=spec["end"],
            day_off=spec["day_off"],
            capacity=spec["capacity"],
            modules=[self.modules[code] for code in spec["modules"]],
            status=spec["status"],
        )
        course_days = course.course_days()
        next_day = 0
        for module in course.modules.order_by("order"):
            if next_day >= len(course_days):
                raise DemoError(f"The modules of the demo course need more than its {len(course_days)} course days.")
            services.update_course_module(actor=self.staff, module=module, first_day=course_days[next_day])
            next_day += module.days
        return course

    def load_timetable(self, course: Course) -> None:
        plan = []
        for module in CourseModule.objects.filter(course=course).select_related("course", "template"):
            dates = module.dates()
            for outline in module.template.outline.all():
                key = (module.template.code, outline.day, outline.part_of_day)
                if key not in data.TIMETABLE:
                    raise DemoError(f"The demo timetable does not say who teaches {key} or where.")
                plan.append((module, dates[outline.day - 1], outline, data.TIMETABLE[key]))
        unused = set(data.TIMETABLE) - {
            (module.template.code, outline.day, outline.part_of_day) for module, _, outline, _ in plan
        }
        if unused:
            raise DemoError(f"The demo timetable places sessions no module outline has: {sorted(unused)}.")
        plan.sort(key=lambda item: (item[1], item[2].part_of_day))
        for module, date, outline, placed in self._each("sessions", plan):
            services.create_session(
                actor=self.staff,
                course=course,
                date=date,
                part_of_day=outline.part_of_day,
                format=outline.format,
                title_en=placed.get("title_en", outline.title_en),
                title_zh=placed.get("title_zh", outline.title_zh),
                class_hours=Decimal(outline.class_hours),
                lecturers=[self.lecturers[key] for key in placed.get("lecturers", ())],
                venue=self.venues[placed.get("venue", data.COURSE["classroom"])],
                sponsor=self.organisations[placed["sponsor"]] if placed.get("sponsor") else None,
                module=module,
            )

    def load_roster(self, course: Course) -> None:
        nominees_by_unit: list[tuple[str, list[Official]]] = []
        for unit, seats, priority, nominees in self._each("quotas", data.QUOTAS):
            services.set_unit_quota(
                actor=self.staff, course=course, unit=self.organisations[unit], seats=seats, priority=priority
            )
            officials = [self.officials[row[0]] for row in data.OFFICIALS if row[6] == unit]
            nominees_by_unit.append((unit, officials[:nominees]))

        # Nominations arrive from the units in turn, as they would over the weeks before a course.
        arrivals = []
        for turn in range(max(len(officials) for _, officials in nominees_by_unit)):
            arrivals += [(unit, officials[turn]) for unit, officials in nominees_by_unit if turn < len(officials)]
        contacts = {
            spec["sending_unit"]: self.users[spec["username"]] for spec in data.USERS if spec.get("sending_unit")
        }
        enrolments = [
            services.nominate_official(actor=contacts.get(unit, self.staff), course=course, official=official)
            for unit, official in self._each("nominations", arrivals)
        ]
        for enrolment in self._each("decisions", enrolments[: data.COURSE["decided"]]):
            services.confirm_nomination(actor=self.staff, enrolment=enrolment)

        self.check_logins(course)

    def check_logins(self, course: Course) -> None:
        """The logins must show something: the lecturer teaches here, the official has a seat."""
        for spec in data.USERS:
            if spec.get("lecturer") and not course.sessions.filter(lecturers=self.lecturers[spec["lecturer"]]).exists():
                raise DemoError(f"The demo login “{spec['username']}” must belong to a lecturer of the demo course.")
            if (
                spec.get("official")
                and not course.enrolments.filter(
                    official=self.officials[spec["official"]], status=EnrolmentStatus.CONFIRMED
                ).exists()
            ):
                raise DemoError(f"The demo login “{spec['username']}” must belong to a confirmed official.")

    # The class in session and the officials' training elsewhere ------------------------------

    def load_current_class(self) -> Course:
        """A course that began on the Monday of last week: roll calls taken (and credited: those sessions
        have ended), today's sessions left for self check-in, which opens shortly before each begins."""
        spec = data.CURRENT_CLASS
        today = timezone.localdate()
        # From the Monday of last week; on a Sunday (the day off) from this week's Monday, so that the
        # class still has days ahead of it.
        start = today - datetime.timedelta(days=today.weekday() + (7 if today.weekday() < 6 else 0))
        coordinator = self.users["coordinator"]
        course = self._two_week_class(spec, start, "sessions in session")
        enrolments = []
        for unit, seats in spec["units"]:
            services.set_unit_quota(
                actor=self.staff, course=course, unit=self.organisations[unit], seats=seats, priority=1
            )
            officials = [self.officials[row[0]] for row in data.OFFICIALS if row[6] == unit][:seats]
            for official in officials:
                enrolment = services.nominate_official(actor=self.staff, course=course, official=official)
                enrolments.append(services.confirm_nomination(actor=coordinator, enrolment=enrolment))
        services.update_course(actor=coordinator, course=course, status=spec["status"])
        demo_official = self.officials[next(u["official"] for u in data.USERS if u.get("official"))]
        past = course.sessions.filter(date__lt=today, class_hours__gt=0).order_by("date", "part_of_day")
        for number, session in enumerate(self._each("roll calls", past)):
            marks = {}
            for index, enrolment in enumerate(enrolments):
                turn = index + 3 * number
                if enrolment.official_id == demo_official.pk or turn % 11:
                    marks[enrolment.pk] = attendance.Mark(
                        AttendanceStatus.PRESENT if turn % 7 else AttendanceStatus.LATE
                    )
                elif turn % 2:
                    marks[enrolment.pk] = attendance.Mark(AttendanceStatus.ABSENT)
                else:
                    marks[enrolment.pk] = attendance.Mark(AttendanceStatus.EXCUSED, spec["excused_reason_zh"])
            attendance.record_roll_call(actor=coordinator, session=session, marks=marks)
        return course

    def load_external_training(self) -> None:
        for key, date, title, provider, days in self._each("external training", data.EXTERNAL_TRAINING):
            records.add_external_training(
                actor=self.staff,
                official=self.officials[key],
                date=date,
                title=title,
                provider=provider,
                days=Decimal(days),
            )

    def _session_at(self, course: Course, module_code: str, day: int, part_of_day: int):
        module = CourseModule.objects.select_related("course").get(course=course, template__code=module_code)
        return course.sessions.get(date=module.dates()[day - 1], part_of_day=part_of_day)

    def load_partners(self, course: Course, current: Course) -> None:
        """What partners undertook for the demo course and delivered for the class in session."""
        for (module, day, part), row in self._each("partner engagements", data.ENGAGEMENTS.items()):
            partner, kind, state, promised, guests, notes = row
            partners.create_engagement(
                actor=self.staff,
                partner=self.organisations[partner],
                course=course,
                session=self._session_at(course, module, day, part),
                kind=kind,
                state=state,
                promised_en=promised,
                guests_promised=guests,
                notes=notes,
            )
        for (module, day, part), row in data.CURRENT_CLASS_ENGAGEMENTS.items():
            partner, kind, state, promised, guests, delivered, hosted = row
            session = self._session_at(current, module, day, part)
            if state == Engagement.State.DELIVERED and session.date > timezone.localdate():
                state, delivered, hosted = Engagement.State.CONFIRMED, "", None  # not yet, on this loading day
            partners.create_engagement(
                actor=self.staff,
                partner=self.organisations[partner],
                course=current,
                session=session,
                kind=kind,
                state=state,
                promised_en=promised,
                guests_promised=guests,
                delivered_en=delivered,
                guests_delivered=hosted,
            )

    def load_press(self) -> None:
        for day, outlet, title_en, title_zh in self._each("press", data.PRESS_ITEMS):
            press.create_press_item(
                actor=self.staff, date=day, outlet=self.organisations[outlet], title_en=title_en, title_zh=title_zh
            )
        for spec in data.TRANSLATED_DOCUMENTS:
            placeholder = placeholder_pdf(spec["title_zh"], spec["placeholder_pdf_text"])
            press.add_translated_document(
                actor=self.staff,
                translated_file=SimpleUploadedFile("translation.pdf", placeholder, "application/pdf"),
                **{name: value for name, value in spec.items() if name != "placeholder_pdf_text"},
            )

    def load_feedback(self, current: Course) -> None:
        """Ratings for the sessions the class has had, and follow-ups for those who asked for one."""
        today = timezone.localdate()
        credited = Attendance.objects.filter(
            session__course=current,
            session__date__lt=today,
            session__class_hours__gt=0,
            status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE],
        ).select_related("session__course__academy", "official")
        evaluations = []
        for index, mark in enumerate(credited.order_by("session__date", "session__part_of_day", "official_id")):
            if index % 5 == 4:
                continue  # not everyone answers
            weak = mark.session.format == "lecture" and mark.session.part_of_day == 2 and index % 2
            pattern = data.FEEDBACK_PATTERNS[5 if weak else (index * 7 + mark.session_id) % 5]
            evaluations.append(
                Evaluation(
                    session=mark.session,
                    official=mark.official,
                    **dict(zip([field for field, _label in RATINGS], pattern, strict=True)),
                    comment=data.FEEDBACK_COMMENTS[index % len(data.FEEDBACK_COMMENTS)],
                    wants_follow_up=index % 37 == 0,
                    # Answered half an hour after the session ended: feedback opens when it begins.
                    submitted_at=mark.session.ends_at + datetime.timedelta(minutes=30),
                )
            )
        Evaluation.objects.bulk_create(evaluations)
        for evaluation in Evaluation.objects.filter(session__course=current, wants_follow_up=True).select_related(
            "session"
        ):
            feedback.create_follow_up(
                actor=self.staff,
                official=evaluation.official,
                session=evaluation.session,
                evaluation=evaluation,
                due=evaluation.session.date + datetime.timedelta(days=14),
            )

    def load_presentation(self, course: Course) -> Material:
        """A lecturer's deck, uploaded, sent to translation and partly translated: the translator carries on."""
        from pptx import Presentation

        spec = data.DEMO_DECK
        deck = Presentation()
        for title, bullets, notes in spec["slides"]:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = title
            body = slide.placeholders[1].text_frame
            body.text = bullets[0]
            for bullet in bullets[1:]:
                body.add_paragraph().text = bullet
            if notes:
                slide.notes_slide.notes_text_frame.text = notes
        content = io.BytesIO()
        deck.save(content)
        lecturer_user = self.users["lecturer"]
        material = materials.create_material(
            actor=lecturer_user,
            course=course,
            lecturer=lecturer_user.lecturer,
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            session=self._session_at(course, *spec["session"]),
            file=SimpleUploadedFile("energy-master-planning.pptx", content.getvalue()),
        )
        materials.add_comment(
            actor=self.staff,
            material=material,
            comment=data.DEMO_DECK["adaptation_note"],
        )
        translator = self.users["translator"]
        materials.assign_translator(actor=self.staff, material=material, translator=translator)
        materials.transition(actor=self.staff, material=material, action="send_to_translation")
        version = material.versions.get()
        for segment in version.segments.filter(source__in=data.DEMO_TRANSLATIONS):
            save_segment(actor=translator, segment=segment, target=data.DEMO_TRANSLATIONS[segment.source], done=True)
        return material

    # The finished course, its certificates, and presentations further along ------------------

    def _two_week_class(self, spec: dict, start: datetime.date, progress: str) -> Course:
        """An open two-week course of ``spec`` from ``start``: its modules one after another, each
        outline session on its day, in the outline's venue when it is open then, else the classroom."""
        course, _warnings = services.create_course(
            actor=self.staff,
            academy=self.academies[spec["academy"]],
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            start=start,
            end=start + datetime.timedelta(days=13),
            day_off=spec["day_off"],
            capacity=spec["capacity"],
            modules=[self.modules[code] for code in spec["modules"]],
            status=CourseStatus.OPEN,
        )
        days = course.course_days()
        classroom = self.venues[spec["classroom"]]
        next_day = 0
        for module in course.modules.order_by("order").select_related("template"):
            module = services.update_course_module(actor=self.staff, module=module, first_day=days[next_day])
            dates = days[next_day : next_day + module.days]
            next_day += module.days
            for outline in self._each(progress, module.template.outline.prefetch_related("venues")):
                venue = outline.venue_for(course.academy)
                if venue is None or dates[outline.day - 1].weekday() not in venue.open_days:
                    venue = classroom
                services.create_session(
                    actor=self.staff,
                    course=course,
                    date=dates[outline.day - 1],
                    part_of_day=outline.part_of_day,
                    format=outline.format,
                    title_en=outline.title_en,
                    title_zh=outline.title_zh,
                    class_hours=Decimal(outline.class_hours),
                    venue=venue,
                    module=module,
                )
        return course

    def load_finished_class(self) -> Course:
        """A course that ended some weeks before the day of loading: its sessions held, the roll calls
        taken and credited. (Its feedback and certificates follow.)"""
        spec = data.FINISHED_CLASS
        today = timezone.localdate()
        start = today - datetime.timedelta(days=today.weekday() + 7 * spec["weeks_before"])
        course = self._two_week_class(spec, start, "finished sessions")
        days = course.course_days()
        enrolments = []
        for unit, seats in spec["units"]:
            services.set_unit_quota(
                actor=self.staff, course=course, unit=self.organisations[unit], seats=seats, priority=1
            )
            for official in [self.officials[row[0]] for row in data.OFFICIALS if row[6] == unit][:seats]:
                enrolment = services.nominate_official(actor=self.staff, course=course, official=official)
                enrolments.append(services.confirm_nomination(actor=self.staff, enrolment=enrolment))
        services.update_course(actor=self.staff, course=course, status=CourseStatus.FINISHED)

        demo_official = self.officials[next(u["official"] for u in data.USERS if u.get("official"))]
        away = {
            self.officials[key].pk: (days[first - 1], days[last - 1], reason)
            for key, first, last, reason in spec["called_away"]
        }
        held = (
            course.sessions.filter(class_hours__gt=0).select_related("course__academy").order_by("date", "part_of_day")
        )
        for number, session in enumerate(self._each("finished roll calls", held)):
            marks = {}
            for index, enrolment in enumerate(enrolments):
                turn = index + 5 * number
                first, last, reason = away.get(enrolment.official_id, (None, None, ""))
                if first is not None and first <= session.date <= last:
                    marks[enrolment.pk] = attendance.Mark(AttendanceStatus.EXCUSED, reason)
                elif enrolment.official_id == demo_official.pk or turn % 17:
                    marks[enrolment.pk] = attendance.Mark(
                        AttendanceStatus.LATE if turn % 13 == 0 else AttendanceStatus.PRESENT
                    )
                else:
                    marks[enrolment.pk] = attendance.Mark(AttendanceStatus.ABSENT)
            # Taken as the session ended: its class hours are credited at once.
            attendance.record_roll_call(actor=self.staff, session=session, marks=marks, now=session.ends_at)
        return course

    def load_finished_follow_ups(self, finished: Course) -> None:
        """The follow-ups the finished course's officials asked for, worked on since: some done."""
        outcomes = data.FINISHED_CLASS["follow_ups"]
        asked = FollowUp.objects.filter(session__course=finished).order_by(
            "session__date", "session__part_of_day", "pk"
        )
        for index, follow_up in enumerate(self._each("follow-ups", asked)):
            state, notes = outcomes[index % len(outcomes)]
            feedback.update_follow_up(actor=self.staff, follow_up=follow_up, owner=self.staff, state=state, notes=notes)

    def load_certificates(self, finished: Course) -> list[Certificate]:
        """Certificates issued the Monday after the course to everyone who attended enough; a week later
        one was revoked, the official's attendance corrected, and a new one issued."""
        spec = data.FINISHED_CLASS["corrected"]
        zone = finished.academy.zone
        issued_at = datetime.datetime.combine(finished.end + datetime.timedelta(days=1), datetime.time(10), zone)
        issued = certificates.issue_certificates(actor=self.staff, course=finished, now=issued_at)
        corrected_at = issued_at + datetime.timedelta(days=7, hours=5)
        official = self.officials[spec["official"]]
        session = self._session_at(finished, *spec["session"])
        enrolment = finished.enrolments.get(official=official)
        attendance.record_roll_call(
            actor=self.staff,
            session=session,
            marks={enrolment.pk: attendance.Mark(AttendanceStatus.ABSENT)},
            now=corrected_at,
        )
        [revoked] = [certificate for certificate in issued if certificate.official_id == official.pk]
        certificates.revoke_certificate(
            actor=self.staff, certificate=revoked, reason=spec["revoke_reason"], now=corrected_at
        )
        return issued + certificates.issue_certificates(
            actor=self.staff, course=finished, officials=[official], now=corrected_at
        )

    def _deck(self, slides) -> bytes:
        """A PowerPoint deck of title-and-content slides with speaker notes: (title, bullets, notes)."""
        from pptx import Presentation

        deck = Presentation()
        for title, bullets, notes in slides:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = title
            body = slide.placeholders[1].text_frame
            body.text = bullets[0]
            for bullet in bullets[1:]:
                body.add_paragraph().text = bullet
            if notes:
                slide.notes_slide.notes_text_frame.text = notes
        content = io.BytesIO()
        deck.save(content)
        return content.getvalue()

    def _translate_all(self, material: Material, translations: dict[str, str]) -> None:
        translator = self.users["translator"]
        version = material.versions.order_by("-number").first()
        for segment in version.segments.exclude(status=SegmentStatus.TRANSLATED).order_by("order"):
            if segment.source not in translations:
                raise DemoError(f"The demo has no translation for “{segment.source}” of “{material.title_en}”.")
            save_segment(actor=translator, segment=segment, target=translations[segment.source], done=True)

    def load_delivered_presentation(self, current: Course) -> Material:
        """Eric Lindqvist's deck for the class in session: translated, approved by NAMC's reviewer (its
        translations went into the memory), signed off and delivered in the class's first week."""
        spec = data.EARLIER_DECK
        lecturer = self.users["lecturer"].lecturer
        material = materials.create_material(
            actor=self.staff,
            course=current,
            lecturer=lecturer,
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            module=current.modules.get(template__code=spec["module"]),
            file=SimpleUploadedFile("district-energy.pptx", self._deck(spec["slides"])),
        )
        materials.assign_translator(actor=self.staff, material=material, translator=self.users["translator"])
        materials.transition(actor=self.staff, material=material, action=WorkflowAction.SEND_TO_TRANSLATION)
        self._translate_all(material, spec["translations"])
        materials.transition(actor=self.users["translator"], material=material, action=WorkflowAction.SUBMIT_FOR_REVIEW)
        materials.transition(
            actor=self.users["reviewer"],
            material=material,
            action=WorkflowAction.APPROVE,
            comment=spec["review_comment"],
        )
        materials.transition(
            actor=self.staff,
            material=material,
            action=WorkflowAction.SIGN_OFF,
            checklist=dict.fromkeys(acceptability.checklist_keys(), True),
        )
        materials.transition(
            actor=self.staff, material=material, action=WorkflowAction.DELIVER, comment=spec["delivery_note"]
        )
        return material

    def load_presentation_in_review(self, course: Course) -> Material:
        """A deck waiting for NAMC's reviewer: returned once with comments, revised, translated again,
        and submitted a second time."""
        spec = data.DECK_IN_REVIEW
        translator, reviewer = self.users["translator"], self.users["reviewer"]
        first, second = spec["versions"]
        material = materials.create_material(
            actor=self.staff,
            course=course,
            lecturer=self.lecturers[spec["lecturer"]],
            title_en=spec["title_en"],
            title_zh=spec["title_zh"],
            session=self._session_at(course, *spec["session"]),
            file=SimpleUploadedFile("american-cities-energy-plans.pptx", self._deck(first)),
        )
        materials.add_comment(actor=self.staff, material=material, comment=spec["adaptation_note"])
        materials.assign_translator(actor=self.staff, material=material, translator=translator)
        materials.transition(actor=self.staff, material=material, action=WorkflowAction.SEND_TO_TRANSLATION)
        self._translate_all(material, spec["translations"])
        materials.transition(actor=translator, material=material, action=WorkflowAction.SUBMIT_FOR_REVIEW)
        materials.transition(
            actor=reviewer, material=material, action=WorkflowAction.RETURN, comment=spec["return_comment"]
        )
        materials.upload_version(
            actor=self.staff,
            material=material,
            file=SimpleUploadedFile("american-cities-energy-plans-v2.pptx", self._deck(second)),
            note=spec["new_version_note"],
        )
        self._translate_all(material, spec["translations"])
        materials.transition(
            actor=translator,
            material=material,
            action=WorkflowAction.SUBMIT_FOR_REVIEW,
            comment=spec["resubmit_comment"],
        )
        return material
