"""The starting glossary: the document engine's curated seed list, by the programme's topics.

The topic is linked when the curriculum already has it (``Topic.slug``); on a fresh database the topics
come later (the demo loader creates them), so the slug is kept in ``topic_slug`` either way. Terms staff
have already entered are left as they are.
"""

import csv

from django.db import migrations

from peixun.docengine.glossary import SEED_PATH


def load_seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("materials", "GlossaryTerm")
    Topic = apps.get_model("curriculum", "Topic")
    topics = dict(Topic.objects.values_list("slug", "pk"))
    existing = set(GlossaryTerm.objects.values_list("english", flat=True))
    rows = csv.DictReader(SEED_PATH.read_text(encoding="utf-8").lstrip("\ufeff").splitlines())
    terms = []
    for row in rows:
        english = (row.get("english") or "").strip()
        chinese = (row.get("chinese") or "").strip()
        if not english or not chinese or english in existing:
            continue
        existing.add(english)
        slug = (row.get("topic") or "").strip()
        terms.append(
            GlossaryTerm(
                english=english[:200],
                chinese=chinese[:200],
                topic_id=topics.get(slug),
                topic_slug=slug[:50],
                notes=(row.get("notes") or "").strip()[:300],
            )
        )
    GlossaryTerm.objects.bulk_create(terms)


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_workflow"),
        ("curriculum", "0002_outline_venue"),
    ]

    operations = [migrations.RunPython(load_seed, migrations.RunPython.noop)]
