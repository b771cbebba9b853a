"""Certificate codes: drawing a new one, showing it as people read it, and reading back what a person typed.

A code is 12 random characters of Crockford's base 32 (60 bits: not guessable, not enumerable),
stored without separators and shown as ``PX-7K3M-Q9TD-2WFA``. :func:`normalise_code` accepts what a
person types: lower case, spaces or no dashes, the ``PX`` prefix or not, and O, I and L for 0, 1, 1.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U
CODE_LENGTH = 12
CODE_PREFIX = "PX"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\u2010\u2011\u2012\u2013\u2014\u2212\u00a0")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The stored code as people read it: ``PX-7K3M-Q9TD-2WFA``."""
    return "-".join([CODE_PREFIX, *(code[i : i + 4] for i in range(0, len(code), 4))])


def normalise_code(text: str) -> str:
    """The stored form of a code as a person typed it, or "" if it cannot be one."""
    code = (text or "").upper().translate(_SEPARATORS)
    if len(code) == CODE_LENGTH + len(CODE_PREFIX) and code.startswith(CODE_PREFIX):
        code = code[len(CODE_PREFIX) :]
    code = code.translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code
