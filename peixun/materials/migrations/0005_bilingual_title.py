from django.db import migrations, models

from peixun.core.i18n import split_by_language


def split_titles(apps, schema_editor):
    Material = apps.get_model("materials", "Material")
    for material in Material.objects.all():
        material.title_en, material.title_zh = split_by_language(material.title)
        material.save(update_fields=["title_en", "title_zh"])


def join_titles(apps, schema_editor):
    Material = apps.get_model("materials", "Material")
    for material in Material.objects.all():
        material.title = material.title_en or material.title_zh
        material.save(update_fields=["title"])


class Migration(migrations.Migration):
    """A presentation's title in both languages: the one title it had goes to the language it is written in."""

    dependencies = [
        ("courses", "0005_session_clock_times"),
        ("materials", "0004_field_names"),
        ("people", "0004_field_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="title_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name="material",
            name="title_zh",
            field=models.CharField(blank=True, max_length=300, verbose_name="title (Chinese)"),
        ),
        migrations.RunPython(split_titles, join_titles),
        migrations.AlterModelOptions(
            name="material",
            options={
                "ordering": ["course", "session__date", "title_en", "title_zh"],
                "verbose_name": "presentation",
                "verbose_name_plural": "presentations",
            },
        ),
        migrations.RemoveField(model_name="material", name="title"),
        migrations.AddConstraint(
            model_name="material",
            constraint=models.CheckConstraint(
                condition=models.Q(("title_en", ""), ("title_zh", ""), _negated=True), name="material_has_a_title"
            ),
        ),
    ]
