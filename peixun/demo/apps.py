"""The demo app's configuration: a demo programme loaded through the other apps' services."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme and its commands: ``manage.py load_demo`` loads it, ``manage.py rundemo``
    serves it and prints its logins. It has no models of its own: the demo is written through the
    other apps' services."""

    name = "peixun.demo"
    label = "demo"
