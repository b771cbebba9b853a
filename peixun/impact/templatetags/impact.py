"""Filters of the impact pages: grouped digits, large counts in the reader's language, and ratings."""

from django import template

from peixun.core.i18n import is_chinese
from peixun.impact.numbers import chinese_amount, english_amount, grouped

register = template.Library()


@register.filter(name="grouped")
def grouped_filter(value):
    """1234567 → 1,234,567; Decimal("22.50") → 22.5."""
    return grouped(value)


@register.filter
def short_amount(value):
    """A large count as the reader's language writes it in prose: 523 million, 5.2亿."""
    if value is None:
        return ""
    return chinese_amount(value) if is_chinese() else english_amount(value)


@register.filter
def rating(value):
    """An average rating with two decimals, or a dash when nobody answered."""
    return "—" if value is None else f"{value:.2f}"
