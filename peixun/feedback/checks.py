"""The feedback settings that would undo the anonymity of the answers are refused at start."""

from django.conf import settings
from django.core.checks import Error, register

from .release import MIN_ANONYMOUS_RESPONSES


@register()
def check_release_batch(app_configs=None, **kwargs) -> list[Error]:
    batch = getattr(settings, "PEIXUN_FEEDBACK_RELEASE_BATCH", None)
    if isinstance(batch, int) and not isinstance(batch, bool) and batch >= MIN_ANONYMOUS_RESPONSES:
        return []
    return [
        Error(
            f"PEIXUN_FEEDBACK_RELEASE_BATCH is {batch!r}: it must be a whole number of at least "
            f"{MIN_ANONYMOUS_RESPONSES}, or a lecturer comparing two views of a session's results could "
            "tell one official's answers apart.",
            hint=f"Set PEIXUN_FEEDBACK_RELEASE_BATCH to {MIN_ANONYMOUS_RESPONSES} (the default) or more.",
            id="peixun.feedback.E001",
        )
    ]
