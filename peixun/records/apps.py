"""The records app's configuration, which installs the ledger's SQLite triggers after migrating."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "peixun.records"
    label = "records"
    verbose_name = _("Training records")

    def ready(self):
        from .guards import install_sqlite_triggers

        post_migrate.connect(install_sqlite_triggers, sender=self, dispatch_uid="records_sqlite_triggers")
