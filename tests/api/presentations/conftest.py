"""The presentation pages' world (a NAMC course with a lecturer's session, every role, media in a temporary
folder), reused."""

from tests.materials.conftest import _media, world  # noqa: F401
