"""Reads of the audit trail: the events of given objects, newest first."""

from django.db.models import Model, Q, QuerySet

from .models import AuditEvent


def events_for(*instances: Model) -> QuerySet[AuditEvent]:
    """The audit trail of the given objects, newest first."""
    condition = Q(pk__in=[])
    for instance in instances:
        condition |= Q(object_type=instance._meta.label_lower, object_id=str(instance.pk))
    return AuditEvent.objects.filter(condition).select_related("actor")
