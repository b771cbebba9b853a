"""Numbers with their scale and unit, read the same way from English and from Chinese text.

"1.2 GW", "1,200 MW" and "120万千瓦" are one quantity: each is reduced to a value in a base unit (W)
so a translator who writes capacity the Chinese way is not told the number changed. Chinese numerals
(三十, 一个) are not read: "一" is as often "a" as "1".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

#: Scale words after a number, with their factor.
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "万亿": 1e12,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
}
#: Units as written (after NFKC: "m²" is "m2", "℃" is "°C"), to (base unit, factor).
_UNITS = {
    "%": ("%", 1),
    "percent": ("%", 1),
    "per cent": ("%", 1),
    "percentage points": ("pp", 1),
    "percentage point": ("pp", 1),
    "个百分点": ("pp", 1),
    "百分点": ("pp", 1),
    "°C": ("°C", 1),
    "degrees Celsius": ("°C", 1),
    "摄氏度": ("°C", 1),
    "km2": ("m2", 1e6),
    "sq km": ("m2", 1e6),
    "square kilometres": ("m2", 1e6),
    "square kilometers": ("m2", 1e6),
    "平方公里": ("m2", 1e6),
    "平方千米": ("m2", 1e6),
    "m2": ("m2", 1),
    "sq m": ("m2", 1),
    "square metres": ("m2", 1),
    "square meters": ("m2", 1),
    "平方米": ("m2", 1),
    "ha": ("m2", 1e4),
    "hectares": ("m2", 1e4),
    "公顷": ("m2", 1e4),
    "m3": ("m3", 1),
    "cubic metres": ("m3", 1),
    "cubic meters": ("m3", 1),
    "立方米": ("m3", 1),
    "km/h": ("km/h", 1),
    "公里/小时": ("km/h", 1),
    "km": ("m", 1e3),
    "kilometres": ("m", 1e3),
    "kilometers": ("m", 1e3),
    "公里": ("m", 1e3),
    "千米": ("m", 1e3),
    "m": ("m", 1),
    "metres": ("m", 1),
    "meters": ("m", 1),
    "米": ("m", 1),
    "μg/m3": ("μg/m3", 1),
    "ug/m3": ("μg/m3", 1),
    "微克/立方米": ("μg/m3", 1),
    "kg": ("kg", 1),
    "公斤": ("kg", 1),
    "千克": ("kg", 1),
    "Mt": ("kg", 1e9),
    "tonnes": ("kg", 1e3),
    "tons": ("kg", 1e3),
    "t": ("kg", 1e3),
    "吨": ("kg", 1e3),
    "TWh": ("Wh", 1e12),
    "太瓦时": ("Wh", 1e12),
    "GWh": ("Wh", 1e9),
    "吉瓦时": ("Wh", 1e9),
    "MWh": ("Wh", 1e6),
    "兆瓦时": ("Wh", 1e6),
    "kWh": ("Wh", 1e3),
    "千瓦时": ("Wh", 1e3),
    "GW": ("W", 1e9),
    "吉瓦": ("W", 1e9),
    "MW": ("W", 1e6),
    "兆瓦": ("W", 1e6),
    "kW": ("W", 1e3),
    "千瓦": ("W", 1e3),
}
_SCALE_PATTERN = "(?i:" + "|".join(re.escape(word) for word in sorted(_SCALES, key=len, reverse=True)) + ")"


def _unit_source(unit: str) -> str:
    """Symbols are case-sensitive ("MW" is not "mW", "M" is not a metre); words are not ("Percent")."""
    source = re.escape(unit)
    if unit[-1].isascii() and unit[-1].isalnum():
        source += r"(?![A-Za-z])"
    return f"(?i:{source})" if len(unit) > 3 and unit.replace(" ", "").isalpha() and unit.islower() else source


_UNIT_PATTERN = "|".join(_unit_source(unit) for unit in sorted(_UNITS, key=len, reverse=True))
# A number is not part of a word or code ("CO2", "PM2.5", "A4"): ASCII letters and digits only, as a
# Chinese character before it ("增长15%") is not a word boundary problem.
_QUANTITY = re.compile(
    r"(?<![A-Za-z0-9.])(?<!\d,)(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?![0-9])"
    rf"(?:\s?(?P<scale>{_SCALE_PATTERN})(?![A-Za-z]))?"
    rf"(?:\s?(?P<unit>{_UNIT_PATTERN}))?"
)


class Quantity(NamedTuple):
    """A number as written (``text``) and what it means: ``value`` in ``unit`` (``""`` for none)."""

    text: str
    value: float
    unit: str

    @property
    def identity(self) -> tuple[str, str]:
        return (f"{self.value:.6g}", self.unit)


def quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its scale and unit, in order."""
    normal = unicodedata.normalize("NFKC", text)
    found = []
    for match in _QUANTITY.finditer(normal):
        value = float(match.group("number").replace(",", "") + (match.group("fraction") or ""))
        scale = match.group("scale")
        if scale:
            value *= _SCALES[_canonical(scale, _SCALES)]
        unit = ""
        if match.group("unit"):
            unit, factor = _UNITS[_canonical(match.group("unit"), _UNITS)]
            value *= factor
        found.append(Quantity(match.group().strip(), value, unit))
    return found


def compare(source: str, translation: str) -> tuple[list[str], list[str]]:
    """Quantities of the source missing from the translation, and those the translation adds (as written)."""
    source_quantities, translated_quantities = quantities(source), quantities(translation)
    unmatched = Counter(q.identity for q in source_quantities)
    unmatched.subtract(q.identity for q in translated_quantities)
    missing = _take(source_quantities, {key: count for key, count in unmatched.items() if count > 0})
    added = _take(translated_quantities, {key: -count for key, count in unmatched.items() if count < 0})
    return missing, added


def _take(items: list[Quantity], wanted: dict[tuple[str, str], int]) -> list[str]:
    taken = []
    for item in items:
        if wanted.get(item.identity, 0) > 0:
            wanted[item.identity] -= 1
            taken.append(item.text)
    return taken


def _canonical(written: str, table: dict) -> str:
    """The table's key for a case-insensitive match ("MILLION", "Kwh" are "million", "kWh")."""
    if written in table:
        return written
    lowered = written.lower()
    return next(key for key in table if key.lower() == lowered)
