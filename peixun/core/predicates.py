"""Role predicates shared by every app's rules."""

import rules

from .enums import Role


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_programme_staff)


def has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_coordinator = has_role(Role.COORDINATOR)
is_reviewer = has_role(Role.REVIEWER)
is_unit_contact = has_role(Role.UNIT_CONTACT)
is_lecturer = has_role(Role.LECTURER)
is_official = has_role(Role.OFFICIAL)
