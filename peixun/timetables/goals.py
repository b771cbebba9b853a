"""What a timetable should aim for, in the words of the people who run courses.

The engine weighs its soft goals with whole numbers (``peixun.scheduling.Weights``). A coordinator
says instead how much each goal matters (not at all, a little, as usual, a lot), or picks a preset;
each level is a multiple of the goal's usual weight. Programme staff may also set the numbers
themselves (the Advanced section of the build page): a goal whose numbers match no level reads as
set by staff, and keeps its numbers until someone chooses a level for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.scheduling.problem import Weights

#: A goal whose weights match no level: numbers set in the Advanced section.
CUSTOM = "custom"

#: (key, label, multiple of the usual weight)
LEVELS: tuple[tuple[str, Promise, float], ...] = (
    ("off", pgettext_lazy("how much a timetabling goal matters", "Not at all"), 0),
    ("low", pgettext_lazy("how much a timetabling goal matters", "A little"), 1 / 3),
    ("normal", pgettext_lazy("how much a timetabling goal matters", "As usual"), 1),
    ("high", pgettext_lazy("how much a timetabling goal matters", "A lot"), 3),
)
NORMAL = "normal"


@dataclass(frozen=True)
class Goal:
    key: str
    label: Promise
    help_text: Promise
    #: the engine's weights this goal sets together
    weights: tuple[str, ...]


GOALS: tuple[Goal, ...] = (
    Goal(
        "trips",
        _("Keep visiting lecturers' trips short"),
        _("Lecturers who fly in come as few times, and for as few days, as their sessions allow."),
        ("lecturer_trips", "lecturer_days"),
    ),
    Goal(
        "order",
        _("Workshops after their lectures"),
        _("A module's workshops and site visits come after its lectures."),
        ("module_order",),
    ),
    Goal(
        "hours",
        _("Keep each day within its class hours"),
        _("No day has more class hours than the limit above."),
        ("daily_hours",),
    ),
    Goal(
        "dinners",
        _("Spread the dinners"),
        _("Partner dinners spread over the course instead of one after another."),
        ("dinner_spread",),
    ),
    Goal(
        "weekdays",
        _("Lecturers on the weekdays they prefer"),
        _("Sessions fall on the weekdays their lecturers said they prefer."),
        ("preferred_weekday",),
    ),
    Goal(
        "placed",
        _("Leave sessions where people put them"),
        _("A session moves from where someone placed it only when that helps the other goals."),
        ("preferred_slot",),
    ),
    Goal(
        "spread",
        _("Spread each module over its days"),
        _("A module's sessions fall on as many different days as the module has, not all on its first."),
        ("spread",),
    ),
    Goal(
        "compact",
        _("No lone sessions in a day"),
        _("The class's sessions sit next to each other in a day, without a session alone in a morning or afternoon."),
        ("compactness",),
    ),
    Goal(
        "venue",
        _("One venue per module"),
        _("Where a session may use several of its outline's venues, a module's sessions keep to one of them."),
        ("venue_stability", "venue_capacity"),
    ),
)

#: key → (label, what it does, level per goal; goals left out are as usual)
PRESETS: dict[str, tuple[Promise, Promise, dict[str, str]]] = {
    "balanced": (_("Balanced"), _("Every goal counts as usual."), {}),
    "trips": (
        _("Fewest trips for visiting lecturers"),
        _("Visiting lecturers' trips come first; sessions move more freely to bring them together."),
        {"trips": "high", "placed": "low"},
    ),
    "placed": (
        _("Keep what people placed"),
        _("Move as little as possible: only what the rules require, or what clearly helps."),
        {
            "placed": "high",
            "trips": "low",
            "order": "low",
            "dinners": "low",
            "weekdays": "low",
            "spread": "low",
            "compact": "low",
        },
    ),
}

_DEFAULTS = Weights()


def weight_at(name: str, level: str) -> int:
    """The engine's weight ``name`` when its goal matters ``level``."""
    factor = dict((key, f) for key, _label, f in LEVELS)[level]
    usual = getattr(_DEFAULTS, name)
    return 0 if factor == 0 else max(1, round(usual * factor))


def current_weights(stored: dict | None) -> dict[str, int]:
    """Every weight of a course: what it stores (only those that differ), the usual ones otherwise."""
    stored = stored or {}
    return {name: int(stored.get(name, getattr(_DEFAULTS, name))) for name in Weights.names()}


def level_of(goal: Goal, weights: dict[str, int]) -> str:
    for key, _label, _factor in LEVELS:
        if all(weights[name] == weight_at(name, key) for name in goal.weights):
            return key
    return CUSTOM


def levels_of(stored: dict | None) -> dict[str, str]:
    weights = current_weights(stored)
    return {goal.key: level_of(goal, weights) for goal in GOALS}


def preset_of(stored: dict | None) -> str | None:
    """The preset the course's weights are, if any."""
    levels = levels_of(stored)
    for key, (_label, _text, chosen) in PRESETS.items():
        if all(levels[goal.key] == chosen.get(goal.key, NORMAL) for goal in GOALS):
            return key
    return None


def preset_levels(preset: str) -> dict[str, str]:
    chosen = PRESETS[preset][2]
    return {goal.key: chosen.get(goal.key, NORMAL) for goal in GOALS}


def stored_weights(levels: dict[str, str], stored: dict | None) -> dict[str, int]:
    """The weights to store for these levels: only those that differ from the usual; a goal left
    ``CUSTOM`` keeps the numbers it has."""
    weights = current_weights(stored)
    for goal in GOALS:
        level = levels.get(goal.key, CUSTOM)
        if level != CUSTOM:
            weights.update({name: weight_at(name, level) for name in goal.weights})
    return {name: value for name, value in weights.items() if value != getattr(_DEFAULTS, name)}
