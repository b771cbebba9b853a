"""Path converters: an id in an address is a positive decimal number that fits the database's 64-bit keys.

Django's own ``int`` converter takes any run of digits, so /courses/99999999999999999999/ reached the
database and failed there (an overflow, a server error). ``<id:pk>`` matches only 1..2**63-1 in ASCII
digits; anything else is not an address of this site, a plain 404.
"""

from django.urls import register_converter

#: The largest key a 64-bit signed column holds (PostgreSQL's bigint, SQLite's integer).
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            # Django reads a ValueError here as "this pattern does not match": a 404.
            raise ValueError(f"{value} is not an id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
