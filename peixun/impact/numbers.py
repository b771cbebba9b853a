"""Large numbers as each language writes them, and the public sentence in both languages.

Chinese groups by ten thousands: 5.2亿 (5.2 × 10⁸), 523万 (5.23 × 10⁶). English groups by thousands:
523,400,000, or "523 million" where a short form reads better. Short forms are truncated, never
rounded up, so a published figure never claims more than the records hold.

The public sentence is shown in both languages at once, whatever the reader's language, so its two
wordings are written here (as the certificates' are) rather than translated.
"""

from __future__ import annotations

from decimal import Decimal

YI = 10**8  # 亿
WAN = 10**4  # 万


def grouped(value) -> str:
    """Thousands separated by commas; decimals kept, trailing zeros dropped: 1,234 · 1,234.5."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float) and value != int(value):
        number = Decimal(str(value)).normalize()
        return f"{number:,f}"
    return f"{int(value):,}"


def _truncated(value: int, unit: int, decimals: int) -> str:
    """``value / unit`` truncated to ``decimals`` places, without trailing zeros: 5.2, 523, 12.3."""
    scaled = value * 10**decimals // unit
    whole, fraction = divmod(scaled, 10**decimals)
    if decimals and fraction:
        return f"{whole}.{fraction:0{decimals}d}".rstrip("0")
    return str(whole)


def chinese_amount(value: int) -> str:
    """A count as Chinese writes it: 9876 · 1.2万 · 523万 · 5.2亿 · 12.3亿."""
    value = int(value)
    if value < WAN:
        return str(value)
    if value < YI:
        # Below a million (100万) one decimal tells something; above it, whole 万 are precise enough.
        return f"{_truncated(value, WAN, 1 if value < 100 * WAN else 0)}万"
    return f"{_truncated(value, YI, 1)}亿"


def english_amount(value: int) -> str:
    """A count as English writes it in prose: 45,678 · 52.3 million · 523 million · 1.2 billion."""
    value = int(value)
    if value < 10**6:
        return f"{value:,}"
    if value < 10**9:
        return f"{_truncated(value, 10**6, 1 if value < 10**8 else 0)} million"
    return f"{_truncated(value, 10**9, 1)} billion"


def public_sentence_en(officials: int, population: int) -> str:
    trained = f"{officials:,} official{'' if officials == 1 else 's'} trained"
    if not population:
        return trained
    return f"{trained}, leading {english_amount(population)} people"


def public_sentence_zh(officials: int, population: int) -> str:
    trained = f"已培训{chinese_amount(officials)}名官员"
    if not population:
        return trained
    return f"{trained}，所辖人口{chinese_amount(population)}"


def public_since_en(year: int) -> str:
    return f"Since {year}"


def public_since_zh(year: int) -> str:
    return f"{year}年以来"
