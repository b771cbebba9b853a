"""Permissions on the translation workbench, the memory and the glossary."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.permissions import define
from peixun.core.predicates import is_staff_member
from peixun.materials.rules_workflow import reads_material, translator_of_material


@rules.predicate
def is_translator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.TRANSLATOR)


@rules.predicate
def is_logged_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


define(
    "materials.view_workbench",
    # The presentation's own rule (rules_workflow.reads_material): who may open its page may read its translation.
    reads_material,
    _(
        "Only programme staff, the translator assigned to this presentation, its lecturer and the academy's "
        "coordinators and reviewers can see its translation."
    ),
)
define(
    "materials.translate_material",
    is_staff_member | translator_of_material,
    _("Only the translator assigned to this presentation and programme staff can edit its translation."),
)
define(
    "materials.export_translation",
    reads_material,
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
