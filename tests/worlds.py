"""Logins for the folders' test worlds: one per role, under the usernames every world uses.

Each folder's ``world`` fixture builds its own academies, units, partners and people (it names them as its
tests assert them) and asks :func:`logins` for the users that act in it::

    users = logins(
        "staff", "coordinator", "other_coordinator", "nominator", "official",
        academy=academy, other_academy=other_academy, unit=unit, people={"official": wang},
    )

A login's role comes from its name; ``other_…`` logins belong to the other academy, unit or partner.
"""

from __future__ import annotations

from peixun.core.enums import Role
from tests.factories import UserFactory

#: The role of each login a world may ask for.
ROLES = {
    "staff": Role.STAFF,
    "coordinator": Role.COORDINATOR,
    "other_coordinator": Role.COORDINATOR,
    "reviewer": Role.REVIEWER,
    "nominator": Role.UNIT_CONTACT,
    "other_nominator": Role.UNIT_CONTACT,
    "unit_contact": Role.UNIT_CONTACT,
    "lecturer": Role.LECTURER,
    "other_lecturer": Role.LECTURER,
    "official": Role.OFFICIAL,
    "other_official": Role.OFFICIAL,
    "translator": Role.TRANSLATOR,
    "partner": Role.PARTNER,
    "other_partner": Role.PARTNER,
}


def logins(
    *names: str,
    academy=None,
    other_academy=None,
    unit=None,
    other_unit=None,
    partner=None,
    other_partner=None,
    people: dict | None = None,
    details: dict[str, dict] | None = None,
) -> dict:
    """One user per name, tied to the academy, unit or partner its role works for.

    ``people`` maps a login to the lecturer or official it is (their ``user`` is set and saved);
    ``details`` maps a login to further fields of its user (a first name, say).
    """
    ties = {
        Role.COORDINATOR: ("academy", academy, other_academy),
        Role.REVIEWER: ("academy", academy, other_academy),
        Role.UNIT_CONTACT: ("sending_unit", unit, other_unit),
        Role.PARTNER: ("partner", partner, other_partner),
    }
    users = {}
    for name in names:
        role = ROLES[name]
        fields = {"username": name, "role": role} | (details or {}).get(name, {})
        if role in ties:
            field, own, other = ties[role]
            fields[field] = other if name.startswith("other_") else own
        users[name] = UserFactory(**fields)
    for name, person in (people or {}).items():
        person.user = users[name]
        person.save()
    return users
