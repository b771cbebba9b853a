"""TimetableProposal moved from the courses app to timetables in state only: a database migrated
before the move keeps its table, its proposals and their courses, and their audit rows still read
with the model's fields (``timetables.0002_timetable_proposal_from_courses``)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from peixun.core.audit import record_event
from peixun.core.history import readable_changes
from peixun.core.models import AuditEvent
from peixun.timetables.models import TimetableProposal
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("courses", "0007_timetable_proposal_not_found"), ("timetables", "0001_calendar_feed")]
AFTER = [("courses", "0008_timetable_proposal_to_timetables"), ("timetables", "0002_timetable_proposal_from_courses")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] in ("courses", "timetables")]


@pytest.fixture
def back_to_latest():
    yield
    migrate(latest())


def test_a_database_from_before_the_move_keeps_its_proposals_and_their_history(back_to_latest):
    staff = UserFactory()
    course, other = CourseFactory(), CourseFactory()

    executor = migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldProposal = old_apps.get_model("courses", "TimetableProposal")
    old = OldProposal.objects.create(
        created_by_id=staff.pk,
        status="proposed",
        outcome={"status": "optimal"},
        placements={"12": ["2027-03-01", 1]},
        module_first_days={},
    )
    old.courses.add(course.pk, other.pk)
    AuditEvent.objects.create(
        actor=staff,
        action="timetable.built",
        object_type="courses.timetableproposal",
        object_id=str(old.pk),
        object_repr=f"#{old.pk}",
        course=course,
        changes={"status": [None, "proposed"]},
    )

    migrate(AFTER)

    proposal = TimetableProposal.objects.get(pk=old.pk)
    assert proposal.status == TimetableProposal.Status.PROPOSED
    assert proposal.placements == {"12": ["2027-03-01", 1]}
    assert set(proposal.courses.all()) == {course, other}
    assert list(course.timetable_proposals.all()) == [proposal]
    event = AuditEvent.objects.get(action="timetable.built")
    assert event.object_type == "timetables.timetableproposal"
    with translation.override("en"):
        assert [tuple(change) for change in readable_changes(event)] == [("Status", "—", "Waiting for review")]

    # New proposals go on in the same table, after the old ones.
    newer = TimetableProposal.objects.create(created_by=staff)
    newer.courses.add(course)
    assert newer.pk > old.pk
    assert TimetableProposal._meta.db_table == "courses_timetableproposal"


def test_migrating_back_gives_the_proposals_and_their_audit_rows_to_courses_again(back_to_latest):
    staff = UserFactory()
    course = CourseFactory()
    proposal = TimetableProposal.objects.create(created_by=staff)
    proposal.courses.add(course)
    record_event(actor=staff, action="timetable.built", instance=proposal, course=course)

    executor = migrate(BEFORE)

    OldProposal = executor.loader.project_state(BEFORE).apps.get_model("courses", "TimetableProposal")
    assert list(OldProposal.objects.get(pk=proposal.pk).courses.values_list("pk", flat=True)) == [course.pk]
    assert AuditEvent.objects.get(action="timetable.built").object_type == "courses.timetableproposal"
