"""The people app's configuration, which forgets the official search's cached choices on each write."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "peixun.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # The official search's cached choices (peixun.people.lists) are read from these rows: a write
        # makes every server's copy stale at once (peixun.core.lists.forget_choices).
        from .models import Jurisdiction, Official, Organisation

        # Units: their names, and (for everyone but programme staff) which units the officials one may
        # see belong to.
        for model, names in (
            (Organisation, ("official-units",)),
            (Official, ("official-units",)),
            (Jurisdiction, ("official-places",)),
        ):
            for signal in (post_save, post_delete):
                signal.connect(_forgetting(names), sender=model, weak=False, dispatch_uid=f"choices-{model.__name__}")


def _forgetting(names: tuple[str, ...]):
    def receiver(sender, **kwargs) -> None:
        from peixun.core.lists import forget_choices

        forget_choices(*names)

    return receiver
