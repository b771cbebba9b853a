"""Permissions on the translation workbench, the memory and the glossary."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.permissions import define
from peixun.core.predicates import is_lecturer, is_staff_member

from .rules_workflow import academy_of_material


@rules.predicate
def is_translator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.TRANSLATOR)


@rules.predicate
def translates_material(user, material) -> bool:
    return material is not None and user.is_authenticated and user.is_active and material.translator_id == user.pk


@rules.predicate
def lectures_material(user, material) -> bool:
    # The lecturer is reached through material.lecturer; views select_related it.
    return material is not None and is_lecturer(user) and material.lecturer.user_id == user.pk


@rules.predicate
def is_logged_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


define(
    "materials.view_workbench",
    is_staff_member | translates_material | lectures_material | academy_of_material,
    _(
        "Only programme staff, the translator assigned to this presentation, its lecturer and the academy's "
        "coordinators and reviewers can see its translation."
    ),
)
define(
    "materials.translate_material",
    is_staff_member | translates_material,
    _("Only the translator assigned to this presentation and programme staff can edit its translation."),
)
define(
    "materials.export_translation",
    is_staff_member | translates_material | lectures_material | academy_of_material,
    _(
        "Only programme staff, the translator assigned to this presentation, its lecturer and the academy's "
        "coordinators and reviewers can download its translation."
    ),
)
define(
    "materials.view_glossary",
    is_logged_in,
    _("Log in to read the glossary."),
)
define(
    "materials.change_glossary",
    is_staff_member,
    _("Only programme staff can add, change or remove glossary terms."),
)
define(
    "materials.view_memory",
    is_staff_member | is_translator,
    _("Only programme staff and translators use the translation memory."),
)
define(
    "materials.import_memory",
    is_staff_member,
    _("Only programme staff can import translation memories."),
)
define(
    "materials.export_memory",
    is_staff_member | is_translator,
    _("Only programme staff and translators can download the translation memory."),
)
