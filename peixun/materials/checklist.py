"""The acceptability check: what programme staff confirm before a presentation is ready for the class.

Every item must be ticked to sign off; the ticked list is stored in the sign-off's workflow event, with
each item's wording at the time, so a later change of the list does not rewrite history.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: (key, what is confirmed). Keys are stored; labels are shown in the reader's language.
ACCEPTABILITY_CHECKLIST: tuple[tuple[str, object], ...] = (
    (
        "applies_to_china",
        _("The content applies to Chinese cities, with Chinese examples or comparisons where useful."),
    ),
    ("maps_and_borders", _("No maps, borders or place names that are sensitive or shown incorrectly.")),
    ("terminology", _("Political and official terminology is correct and follows the glossary.")),
    ("style_for_officials", _("The tone and style suit senior officials (no jokes or slang that do not carry over).")),
    ("length_fits", _("The number of slides fits the length of the session.")),
    ("numbers_and_sources", _("Figures, units and sources are correct in the translation.")),
    ("speaker_notes", _("Speaker notes are translated for the interpreter.")),
    ("layout", _("The Chinese text fits its boxes and the slides are legible.")),
)


def checklist_keys() -> list[str]:
    return [key for key, _label in ACCEPTABILITY_CHECKLIST]


def missing_items(ticked) -> list[str]:
    """The keys of the checklist not ticked in ``ticked`` (a collection of keys or a key → bool mapping)."""
    if isinstance(ticked, dict):
        ticked = [key for key, value in ticked.items() if value]
    ticked = set(ticked or ())
    return [key for key in checklist_keys() if key not in ticked]


def as_record() -> dict[str, dict[str, object]]:
    """What the sign-off event stores: every item, ticked, with the English wording signed off."""
    from django.utils import translation

    with translation.override("en"):
        return {key: {"ticked": True, "label": str(label)} for key, label in ACCEPTABILITY_CHECKLIST}
