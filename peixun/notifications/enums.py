"""The kinds of line a notice holds, and which of them are about sessions."""

from django.db import models


class Kind(models.TextChoices):
    """What one line of a notice says happened (its wording: ``wording.py``)."""

    SESSION_MOVED = "session_moved"
    SESSION_CANCELLED = "session_cancelled"
    SESSION_ADDED = "session_added"
    LECTURER_ADDED = "lecturer_added"
    LECTURER_REMOVED = "lecturer_removed"
    NOMINATION_DECLINED = "nomination_declined"
    NOMINATION_WAITLISTED = "nomination_waitlisted"
    PROMOTED = "promoted"
    WITHDRAWN = "withdrawn"


SESSION_KINDS = frozenset(
    {Kind.SESSION_MOVED, Kind.SESSION_CANCELLED, Kind.SESSION_ADDED, Kind.LECTURER_ADDED, Kind.LECTURER_REMOVED}
)
