"""Jobs, scoped to who may see them."""

from django.db.models import QuerySet

from .models import Job


def visible_jobs(user) -> QuerySet[Job]:
    """Staff see every job; others the jobs they started."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_programme_staff:
        return Job.objects.all()
    return Job.objects.filter(started_by=user)
