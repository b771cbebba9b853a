"""Making and hashing token secrets: ``pxn_`` + 8 visible characters + 32 random bytes, stored as SHA-256."""

import hashlib
import secrets

#: Every token starts with this, so a leaked one is easy to recognise (and to search for in code).
MARK = "pxn_"
#: The visible prefix: the mark and eight characters, shown on the profile page to tell tokens apart.
PREFIX_LENGTH = len(MARK) + 8


def new_secret() -> str:
    """A new token: 256 bits from the system's random source, URL-safe."""
    return MARK + secrets.token_urlsafe(32)


def digest_of(secret: str) -> str:
    """The SHA-256 of a token, in hex. A token has 256 random bits, so a plain hash suffices (no salt, no
    slow hash): nobody can guess one from its hash, and the lookup by hash stays one index read."""
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str:
    return secret[:PREFIX_LENGTH]
