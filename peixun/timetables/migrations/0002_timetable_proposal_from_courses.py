"""TimetableProposal moves here from the courses app, in state only: the table keeps its name
(``courses_timetableproposal``, set as the model's ``db_table``) and its rows.

The audit rows written about proposals name the model by its label; they are relabelled so that the
history pages keep reading them with the model's fields.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_LABEL = "courses.timetableproposal"
NEW_LABEL = "timetables.timetableproposal"


def relabel_audit_rows(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditEvent.objects.using(schema_editor.connection.alias).filter(object_type=OLD_LABEL).update(object_type=NEW_LABEL)


def restore_audit_labels(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditEvent.objects.using(schema_editor.connection.alias).filter(object_type=NEW_LABEL).update(object_type=OLD_LABEL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("courses", "0008_timetable_proposal_to_timetables"),
        ("timetables", "0001_calendar_feed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TimetableProposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="built")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("proposed", "Waiting for review"),
                                    ("accepted", "Accepted"),
                                    ("discarded", "Discarded"),
                                    ("impossible", "No timetable exists"),
                                    ("not_found", "No timetable found in time"),
                                ],
                                default="proposed",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                        ("outcome", models.JSONField(default=dict, verbose_name="outcome")),
                        ("placements", models.JSONField(default=dict, verbose_name="placements")),
                        ("module_first_days", models.JSONField(default=dict, verbose_name="module first days")),
                        (
                            "courses",
                            models.ManyToManyField(
                                related_name="timetable_proposals", to="courses.course", verbose_name="courses"
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="built by",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="decided by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "timetable proposal",
                        "verbose_name_plural": "timetable proposals",
                        "db_table": "courses_timetableproposal",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_audit_rows, restore_audit_labels, elidable=False),
    ]
