"""The year service began becomes the day it began: five-year windows count from that day."""

import datetime

from django.db import migrations, models


def years_to_dates(apps, schema_editor):
    Official = apps.get_model("people", "Official")
    for official in Official.objects.exclude(service_began_year=None).only("pk", "service_began_year"):
        Official.objects.filter(pk=official.pk).update(service_began=datetime.date(official.service_began_year, 1, 1))


def dates_to_years(apps, schema_editor):
    Official = apps.get_model("people", "Official")
    for official in Official.objects.exclude(service_began=None).only("pk", "service_began"):
        Official.objects.filter(pk=official.pk).update(service_began_year=official.service_began.year)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_lecturer_preferred_weekdays")]

    operations = [
        migrations.RemoveConstraint(model_name="official", name="official_service_began_plausible"),
        migrations.RenameField(model_name="official", old_name="service_began", new_name="service_began_year"),
        migrations.AddField(
            model_name="official",
            name="service_began",
            field=models.DateField(
                blank=True,
                help_text=(
                    "The day the official's service began: the five-year training windows count from it. "
                    "If only the year is known, enter 1 January of that year."
                ),
                null=True,
                verbose_name="service began",
            ),
        ),
        migrations.RunPython(years_to_dates, dates_to_years),
        migrations.RemoveField(model_name="official", name="service_began_year"),
        migrations.AddConstraint(
            model_name="official",
            constraint=models.CheckConstraint(
                condition=models.Q(("service_began__isnull", True))
                | models.Q(("service_began__gte", datetime.date(1949, 1, 1))),
                name="official_service_began_plausible",
            ),
        ),
    ]
