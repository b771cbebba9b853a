"""Permissions on presentations and their workflow.

The object of each permission is a :class:`~peixun.materials.models.Material` (views fetch it with
``select_related("course", "lecturer")``), except ``materials.add_material`` (none) and
``materials.view_course_materials`` (a course). Whether an action fits the material's current step is
the workflow's business (``services.TRANSITIONS``), not the permission's: the permission says who,
the table says when.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_lecturer, is_reviewer, is_staff_member

from .enums import REVIEWED_STATES


@rules.predicate
def is_translator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.TRANSLATOR)


@rules.predicate
def lecturer_of_material(user, material) -> bool:
    return material is not None and is_lecturer(user) and material.lecturer.user_id == user.pk


@rules.predicate
def translator_of_material(user, material) -> bool:
    return material is not None and is_translator(user) and material.translator_id == user.pk


@rules.predicate
def reviewer_of_material(user, material) -> bool:
    """A reviewer of the course's academy (whatever the material's step)."""
    return material is not None and is_reviewer(user) and material.course.academy_id == user.academy_id


@rules.predicate
def reviewer_in_review(user, material) -> bool:
    """A reviewer of the course's academy, once the presentation has reached review (they comment from then on)."""
    return reviewer_of_material(user, material) and material.state in REVIEWED_STATES


@rules.predicate
def coordinator_of_material(user, material) -> bool:
    return material is not None and is_coordinator(user) and material.course.academy_id == user.academy_id


#: The academy's people read its courses' presentations at every step, on the presentation's page and in
#: the translation workbench alike (the workbench's rules use this same predicate): a reviewer sees what is
#: coming to review before it arrives, and approves or returns it only once it has.
academy_of_material = coordinator_of_material | reviewer_of_material

#: Who reads a presentation: its page, its versions' files, its translation in the workbench and the
#: workbench's export all ask this one predicate (and list what selectors.visible_materials gives, its
#: queryset twin), so that no door opens what another refuses.
reads_material = is_staff_member | lecturer_of_material | translator_of_material | academy_of_material


@rules.predicate
def takes_part_in_course(user, course) -> bool:
    """Who has presentations of the course to look at: its academy's people, its lecturers, its translators."""
    if course is None or not (user.is_authenticated and user.is_active):
        return False
    if user.role in (Role.COORDINATOR, Role.REVIEWER):
        return course.academy_id == user.academy_id
    if user.role == Role.LECTURER:
        return (
            course.sessions.filter(lecturer_slots__lecturer__user=user).exists()
            or course.materials.filter(lecturer__user=user).exists()
        )
    if user.role == Role.TRANSLATOR:
        return course.materials.filter(translator=user).exists()
    return False


define(
    "materials.view_material",
    reads_material,
    _(
        "This presentation is shown only to programme staff, its lecturer, its translator, and the academy's "
        "coordinators and reviewers."
    ),
)
define(
    "materials.list_materials",
    is_staff_member | is_lecturer | is_translator | is_coordinator | is_reviewer,
    _("Presentations are listed for programme staff, lecturers, translators and the academies' staff."),
)
define(
    "materials.view_review_queue",
    is_staff_member | is_reviewer,
    _(
        "The review queue lists presentations waiting for an academy's review: it is for the reviewers and "
        "programme staff."
    ),
)
define(
    "materials.view_course_materials",
    is_staff_member | takes_part_in_course,
    _("Only programme staff and the people working on this course see its presentations."),
)
define(
    "materials.add_material",
    is_staff_member | is_lecturer,
    _("Only lecturers (for their own sessions) and programme staff add presentations."),
)
define(
    "materials.upload_version",
    is_staff_member | lecturer_of_material,
    _("Only the presentation's lecturer and programme staff upload new versions."),
)
define(
    "materials.comment",
    is_staff_member | lecturer_of_material | translator_of_material | reviewer_in_review,
    _("Only programme staff, the lecturer, the translator and the academy's reviewers comment on a presentation."),
)
define(
    "materials.assign_translator",
    is_staff_member,
    _("Only programme staff assign translators."),
)
define(
    "materials.send_to_translation",
    is_staff_member,
    _("Only programme staff decide that a presentation is adapted and ready for translation."),
)
define(
    "materials.submit_for_review",
    is_staff_member | translator_of_material,
    _("Only the translator assigned to this presentation and programme staff submit it for the academy's review."),
)
define(
    "materials.override_untranslated",
    is_staff_member,
    _("Only programme staff can submit a presentation with untranslated text, and they must say why."),
)
define(
    "materials.review",
    reviewer_of_material,
    _("Only the reviewers of this course's academy approve or return its presentations."),
)
define(
    "materials.sign_off",
    is_staff_member,
    _("Only programme staff sign off a presentation as acceptable."),
)
define(
    "materials.record_delivery",
    is_staff_member,
    _("Only programme staff record delivery, follow-up and closing."),
)

# The admin (programme staff only) edits the glossary and the academies' flagged terms. The workbench's
# rules may already grant some of these; a permission is added only once.
for _model in ("glossaryterm", "flaggedterm"):
    for _action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"materials.{_action}_{_model}"):
            rules.add_perm(f"materials.{_action}_{_model}", is_staff_member)
if not rules.perm_exists("materials"):
    rules.add_perm("materials", is_staff_member)
