"""What a notice says, in the active language: its headline, one line per change, and advice.

A notice keeps facts (titles in both languages, ISO dates, parts of the day), not sentences, so the
same notice is written for each reader in their language when it is shown or mailed.
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.core.i18n import choice_label, is_chinese, pick
from peixun.curriculum.enums import PartOfDay

from .enums import SESSION_KINDS, Kind


def _text(item: dict, name: str) -> str:
    return pick(item.get(f"{name}_en", ""), item.get(f"{name}_zh", ""))


def day(value: str) -> str:
    """'Tue 2 Mar 2027' ('2027年3月2日 星期二')."""
    # Translators: a date format (Django's date syntax) for a day in a notice: weekday, day, month and year.
    return date_format(datetime.date.fromisoformat(value), _("D j M Y"))


def slot(value: str, part: int) -> str:
    """'Tue 2 Mar 2027 · Afternoon' ('2027年3月2日 星期二 · 下午')."""
    return f"{day(value)} · {choice_label(PartOfDay, part)}"


def official(item: dict) -> str:
    """As Official.display_name writes it: characters in Chinese, pinyin with the characters in English."""
    name_zh, pinyin = item.get("official_zh", ""), item.get("official_pinyin", "")
    if is_chinese() or not pinyin:
        return name_zh
    return f"{pinyin} ({name_zh})"


def _facts(item: dict) -> dict:
    facts = {"course": _text(item, "course"), "session": _text(item, "session"), "academy": _text(item, "academy")}
    if "date" in item:
        facts["slot"] = slot(item["date"], item["part"])
    if "old_date" in item:
        facts["old"] = slot(item["old_date"], item["old_part"])
    if "official_zh" in item:
        facts["official"] = official(item)
    for name in ("start", "end"):
        if name in item:
            facts[name] = date_format(datetime.date.fromisoformat(item[name]), "DATE_FORMAT")
    return facts


def line(item: dict) -> str:
    """One change, as a sentence."""
    facts = _facts(item)
    kind = item["kind"]
    if kind == Kind.SESSION_MOVED:
        text = _("“%(session)s” (%(course)s) moves from %(old)s to %(slot)s.")
    elif kind == Kind.SESSION_CANCELLED:
        text = _("“%(session)s” (%(course)s) on %(slot)s is cancelled.")
    elif kind == Kind.SESSION_ADDED:
        text = _("“%(session)s” (%(course)s) is added on %(slot)s.")
    elif kind == Kind.LECTURER_ADDED:
        text = _("You teach “%(session)s” (%(course)s) on %(slot)s.")
    elif kind == Kind.LECTURER_REMOVED:
        text = _("You no longer teach “%(session)s” (%(course)s) on %(slot)s.")
    elif kind == Kind.NOMINATION_DECLINED:
        text = _("The nomination of %(official)s to the course “%(course)s” was declined.")
    elif kind == Kind.NOMINATION_WAITLISTED:
        text = _(
            "The course “%(course)s” is full: %(official)s is on its waitlist and moves up when a seat becomes free."
        )
    elif kind == Kind.PROMOTED:
        text = _(
            "A seat has become free and %(official)s moves from the waitlist to a confirmed place on the course "
            "“%(course)s” at %(academy)s, from %(start)s to %(end)s."
        )
    else:
        text = _("%(official)s has been withdrawn from the course “%(course)s”, which begins on %(start)s.")
    if item.get("reason"):
        # Translators: after a change in a notice, the reason the person who made it gave, as they wrote it.
        return " ".join([text % facts, _("Reason: %(reason)s") % {"reason": item["reason"]}])
    return text % facts


def lines(items: list[dict]) -> list[str]:
    return [line(item) for item in items]


def _one(item: dict) -> str:
    facts = _facts(item)
    kind = item["kind"]
    if kind == Kind.SESSION_MOVED:
        text = _("“%(session)s” moves to %(slot)s")
    elif kind == Kind.SESSION_CANCELLED:
        text = _("“%(session)s” is cancelled")
    elif kind == Kind.SESSION_ADDED:
        text = _("A new session on your timetable: “%(session)s”")
    elif kind == Kind.LECTURER_ADDED:
        text = _("You now teach “%(session)s”")
    elif kind == Kind.LECTURER_REMOVED:
        text = _("You no longer teach “%(session)s”")
    elif kind == Kind.NOMINATION_DECLINED:
        text = _("Nomination to “%(course)s” declined")
    elif kind == Kind.NOMINATION_WAITLISTED:
        text = _("%(official)s is on the waitlist of “%(course)s”")
    elif kind == Kind.PROMOTED:
        text = _("A seat on “%(course)s” is confirmed")
    else:
        text = _("Withdrawn from %(course)s")
    return text % facts


def _many(kind: str, count: int) -> str:
    if kind == Kind.SESSION_MOVED:
        text = ngettext("%(count)d session moved", "%(count)d sessions moved", count)
    elif kind == Kind.SESSION_CANCELLED:
        text = ngettext("%(count)d session cancelled", "%(count)d sessions cancelled", count)
    elif kind == Kind.SESSION_ADDED:
        text = ngettext("%(count)d new session on your timetable", "%(count)d new sessions on your timetable", count)
    elif kind == Kind.LECTURER_ADDED:
        text = ngettext("You now teach %(count)d more session", "You now teach %(count)d more sessions", count)
    elif kind == Kind.LECTURER_REMOVED:
        text = ngettext("You no longer teach %(count)d session", "You no longer teach %(count)d sessions", count)
    elif kind == Kind.NOMINATION_DECLINED:
        text = ngettext("%(count)d nomination declined", "%(count)d nominations declined", count)
    elif kind == Kind.NOMINATION_WAITLISTED:
        text = ngettext("%(count)d official on the waitlist", "%(count)d officials on the waitlist", count)
    elif kind == Kind.PROMOTED:
        text = ngettext(
            "%(count)d official moved up from the waitlist", "%(count)d officials moved up from the waitlist", count
        )
    elif kind == Kind.WITHDRAWN:
        text = ngettext("%(count)d official withdrawn", "%(count)d officials withdrawn", count)
    elif kind in SESSION_KINDS or kind == "timetable":
        text = ngettext("%(count)d change to your timetable", "%(count)d changes to your timetable", count)
    else:
        text = ngettext("%(count)d change to your courses", "%(count)d changes to your courses", count)
    return text % {"count": count}


def headline(items: list[dict]) -> str:
    """The notice's title and the mail's subject: the change itself when there is one, else what
    kind of changes and how many, with the course when they all concern one."""
    if not items:
        return ""
    if len(items) == 1:
        return _one(items[0])
    kinds = {item["kind"] for item in items}
    courses = {(item.get("course_en", ""), item.get("course_zh", "")) for item in items}
    if len(courses) > 1:
        kind = kinds.pop() if len(kinds) == 1 else ("timetable" if kinds <= SESSION_KINDS else "mixed")
        return _many(kind, len(items))
    if len(kinds) == 1:
        changes = _many(kinds.pop(), len(items))
    else:
        changes = ngettext("%(count)d change", "%(count)d changes", len(items)) % {"count": len(items)}
    # Translators: a notice's title: a course and what changed in it, e.g. "Green Cities: 20 sessions moved".
    return _("%(course)s: %(changes)s") % {"course": _text(items[0], "course"), "changes": changes}


def advice(items: list[dict]) -> list[str]:
    """What the reader may do about it (in the mail, once for each kind of change)."""
    kinds = {item["kind"] for item in items}
    said = []
    if Kind.PROMOTED in kinds:
        said.append(_("Please confirm attendance with the course coordinator."))
    if kinds & {Kind.WITHDRAWN, Kind.NOMINATION_DECLINED}:
        said.append(_("If this is a mistake, please contact the course coordinator."))
    return said
