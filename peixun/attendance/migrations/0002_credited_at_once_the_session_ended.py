"""Class hours are now credited once a session has ended, and each mark remembers when it was credited.

Marks recorded before this change were credited when they were taken: those whose session has a
credit in the official's record are marked credited (at the time of that credit), so that nothing is
credited twice. A mark present or late with no credit at all is left for the crediting to pick up.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def mark_credited(apps, schema_editor):
    Attendance = apps.get_model("attendance", "Attendance")
    LedgerEntry = apps.get_model("records", "LedgerEntry")
    credits = LedgerEntry.objects.filter(official=OuterRef("official"), session=OuterRef("session"), source="course")
    Attendance.objects.filter(Exists(credits), status__in=["present", "late"], credited_at__isnull=True).update(
        credited_at=Subquery(credits.order_by("-id").values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
        ("records", "0002_default_rules_and_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="credited_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="class hours credited"),
        ),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                condition=models.Q(("credited_at__isnull", True), ("status__in", ("present", "late"))),
                fields=["session"],
                name="attendance_to_credit",
            ),
        ),
        migrations.RunPython(mark_credited, migrations.RunPython.noop),
    ]
