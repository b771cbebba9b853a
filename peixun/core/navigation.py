"""The main menu: a few groups by what people do, each showing a person only the pages they may open.

A group whose person may open one page only is that page's link; a group with none is not shown. The
menu depends on nothing but who the user is and the language, so base.html renders it once per
``User.navigation_key`` and language and keeps it (the ``fragments`` cache).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .predicates import (
    is_coordinator,
    is_lecturer,
    is_official,
    is_reviewer,
    is_staff_member,
    is_unit_contact,
)

#: Who has courses to look at (a translator's are their presentations; a partner's, their engagements).
has_courses = is_staff_member | is_coordinator | is_reviewer | is_unit_contact | is_lecturer | is_official
#: Who works with the academies and the lecturers they choose from.
works_with_academies = is_staff_member | is_coordinator | is_reviewer | is_unit_contact | is_lecturer


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    #: A permission (checked through the rules) or a predicate of the user; None: everyone logged in.
    permission: str | None = None
    predicate: object = None

    def shown_to(self, user) -> bool:
        if self.predicate is not None and not self.predicate.test(user):
            return False
        return self.permission is None or user.has_perm(self.permission)


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One entry of the menu as a person sees it: a link, or a group of links under a label."""

    key: str
    label: str
    links: list[Link]

    @property
    def is_group(self) -> bool:
        return len(self.links) > 1

    @property
    def url(self) -> str:
        return self.links[0].url


MENU: tuple[Section, ...] = (
    Section(
        "courses",
        _("Courses"),
        (
            Item(_("Courses"), "courses:list", predicate=has_courses),
            Item(_("New course"), "courses:create", permission="courses.add_course"),
            Item(_("Portfolio timetabling"), "timetabling:portfolio", permission="courses.build_portfolio"),
            Item(_("Academies"), "academies:list", predicate=works_with_academies),
        ),
    ),
    Section(
        "people",
        _("People"),
        (
            Item(_("Officials"), "people:officials", permission="people.search_officials"),
            Item(_("Lecturers"), "people:lecturers", predicate=works_with_academies),
            Item(_("Training compliance"), "records:compliance", permission="records.view_compliance"),
            Item(_("Import training taken elsewhere"), "records:import", permission="records.import"),
        ),
    ),
    Section(
        "record",
        _("Training record"),
        (
            Item(_("My training record"), "records:my_record", permission="records.view_own_record"),
            Item(_("Certificates"), "certificates:mine", permission="certificates.view_own"),
        ),
    ),
    Section(
        "presentations",
        _("Presentations"),
        (
            Item(_("Review queue"), "materials:review_queue", predicate=is_reviewer),
            Item(_("Presentations"), "materials:list", permission="materials.list_materials"),
            Item(_("Translation memory"), "workbench:memory", permission="materials.view_memory"),
            Item(_("Glossary"), "workbench:glossary", permission="materials.list_materials"),
        ),
    ),
    Section(
        "feedback",
        _("Feedback"),
        (
            Item(_("Feedback"), "feedback:mine", permission="feedback.rate_sessions"),
            Item(_("Your feedback"), "feedback:my_results", permission="feedback.view_own_results"),
            Item(_("Officials to follow up with"), "feedback:my_follow_ups", permission="feedback.view_own_follow_ups"),
            Item(_("Attention"), "feedback:dashboard", permission="feedback.view_dashboard"),
            Item(_("Follow-ups"), "feedback:follow_ups", permission="feedback.manage_follow_ups"),
        ),
    ),
    Section(
        "partners",
        _("Partners and impact"),
        (
            Item(_("Your engagements"), "partners:mine", permission="partners.view_own_engagements"),
            Item(_("Partners"), "partners:list", permission="partners.view_partners"),
            Item(_("Impact"), "impact:dashboard", permission="impact.view_dashboard"),
        ),
    ),
    Section(
        "admin",
        _("Reference data"),
        (Item(_("Reference data"), "admin:index", predicate=is_staff_member),),
    ),
)


def main_menu(user) -> list[Entry]:
    """The menu ``user`` sees, in order: each section with at least one page they may open."""
    entries = []
    for section in MENU:
        links = [Link(str(item.label), reverse(item.url_name)) for item in section.items if item.shown_to(user)]
        if links:
            label = str(section.label) if len(links) > 1 else links[0].label
            entries.append(Entry(section.key, label, links))
    return entries
