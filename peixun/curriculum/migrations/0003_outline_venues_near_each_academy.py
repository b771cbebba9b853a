from django.db import migrations, models


def copy_venue(apps, schema_editor):
    OutlineSession = apps.get_model("curriculum", "OutlineSession")
    for outline in OutlineSession.objects.exclude(venue__isnull=True):
        outline.venues.add(outline.venue_id)


def copy_back(apps, schema_editor):
    OutlineSession = apps.get_model("curriculum", "OutlineSession")
    for outline in OutlineSession.objects.all():
        first = outline.venues.order_by("pk").first()
        if first is not None:
            outline.venue = first
            outline.save(update_fields=["venue"])


class Migration(migrations.Migration):
    """An outline's site visit may name a venue near each academy instead of one venue for all."""

    dependencies = [
        ("academies", "0004_venue_reach_and_usual_class_size"),
        ("curriculum", "0002_outline_venue"),
    ]

    operations = [
        migrations.AddField(
            model_name="outlinesession",
            name="venues",
            field=models.ManyToManyField(
                blank=True,
                help_text="Where a site visit can go, near each academy: a course takes the first one within reach "
                "of its academy.",
                related_name="+",
                to="academies.venue",
                verbose_name="venues",
            ),
        ),
        migrations.RunPython(copy_venue, copy_back),
        migrations.RemoveField(model_name="outlinesession", name="venue"),
    ]
