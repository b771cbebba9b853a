"""The regulations' rules as the starting configuration, and a ledger the database will not let anyone edit."""

from decimal import Decimal

from django.db import migrations

DEFAULT_RULES = [
    # 12 days or 90 class hours in each calendar year.
    dict(
        name_en="Yearly training",
        name_zh="年度培训",
        period="year",
        years=1,
        required_days=Decimal("12"),
        required_hours=Decimal("90"),
        order=1,
    ),
    # 3 months (counted as 90 days) or 550 class hours in each five years of service.
    dict(
        name_en="Five-year training",
        name_zh="五年培训",
        period="service",
        years=5,
        required_days=Decimal("90"),
        required_hours=Decimal("550"),
        prorate_first_year=False,
        order=2,
    ),
]

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION records_ledger_append_only() RETURNS trigger AS $$
BEGIN
    -- Only the demo loader may remove the invented demo officials' entries, and says so first.
    IF TG_OP = 'DELETE' AND current_setting('peixun.purge', true) = 'demo' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'training record entries are append-only: record a correction instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER records_ledger_append_only
    BEFORE UPDATE OR DELETE ON records_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION records_ledger_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS records_ledger_append_only ON records_ledgerentry;
DROP FUNCTION IF EXISTS records_ledger_append_only();
"""


def add_rules(apps, schema_editor):
    ComplianceRule = apps.get_model("records", "ComplianceRule")
    for rule in DEFAULT_RULES:
        ComplianceRule.objects.create(**rule)


def remove_rules(apps, schema_editor):
    apps.get_model("records", "ComplianceRule").objects.all().delete()


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [
        migrations.RunPython(add_rules, remove_rules),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
