"""TimetableProposal now belongs to the timetables app: it leaves this app's state only.

The table (``courses_timetableproposal``) and its rows stay where they are; the timetables app takes
the model over in ``timetables.0002_timetable_proposal_from_courses`` under the same table name.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_timetable_proposal_not_found"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TimetableProposal")],
            database_operations=[],
        ),
    ]
