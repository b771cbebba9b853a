"""The impact pages' world (two academies, a course held at each, every role), reused."""

from tests.impact.conftest import today, world  # noqa: F401
