"""Programme staff manage the reference data (in the admin); nobody else changes it there."""

import rules
from django.apps import apps

from .predicates import is_staff_member

REFERENCE_MODELS = [
    "academies.academy",
    "academies.venue",
    "people.organisation",
    "people.jurisdiction",
    "people.official",
    "people.lecturer",
    "people.availability",
    "curriculum.topic",
    "curriculum.module",
    "curriculum.outlinesession",
    "core.user",
    "records.compliancerule",
]

for label in REFERENCE_MODELS:
    model = apps.get_model(label)
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}", is_staff_member)
rules.add_perm("core.view_auditevent", is_staff_member)
# The admin index asks whether the user may see an app at all ("has_module_perms").
for app_label in sorted({label.split(".")[0] for label in REFERENCE_MODELS}):
    rules.add_perm(app_label, is_staff_member)
