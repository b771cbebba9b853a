"""The certificates' world of the pages' tests (a finished course, one certificate, every role), reused."""

from tests.records.certificates.conftest import world  # noqa: F401
