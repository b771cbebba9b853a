"""The feedback pages' world (a held lecture, a future session, another academy's session, every role), reused."""

from tests.feedback.conftest import _feedback_open_for_the_world, world  # noqa: F401
