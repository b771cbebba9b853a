"""``manage.py rundemo``: the development server, whose start-up ends with the demo logins and, last,
the address it really serves.

``runserver`` prints its banner and a warning once it listens; the address a person needs is lost above
them. This command is that same ``runserver`` (whichever app provides it, WhiteNoise's here), and once
the socket is bound it prints the logins of the demo, when there is one, and then the address, with the
port the server really got (``make run PORT=8080``; port 0 picks a free one).
"""

import ipaddress

from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.db import DatabaseError, connection

from peixun.demo import loader

RunserverCommand = type(load_command_class(get_commands()["runserver"], "runserver"))


def listens_everywhere(host: str) -> bool:
    """Whether ``host`` is the address of every interface (``0``, ``0.0.0.0``, ``::``)."""
    if host == "0":
        return True
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False  # a host name


class Command(RunserverCommand):
    help = (
        "Run the development server (as runserver does); once it listens, print the demo logins and, last, "
        "the address it serves."
    )

    def served_url(self, server_port: int) -> str:
        """The address of the running server, as a browser on this machine opens it: one listening on
        every interface is reached on the loopback address."""
        shown = self.addr
        if listens_everywhere(shown):
            shown = "::1" if self._raw_ipv6 or ":" in shown else "127.0.0.1"
        if self._raw_ipv6 or ":" in shown:
            shown = f"[{shown}]"
        return f"{self.protocol}://{shown}:{server_port}/"

    def on_bind(self, server_port):
        super().on_bind(server_port)
        lines = []
        if settings.DEMO_MODE:
            try:
                lines = loader.logins_table()
            except DatabaseError:
                lines = []  # not migrated yet: there are no logins to show
            finally:
                connection.close()
        if lines:
            heading, *rows = lines
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            for row in rows:
                self.stdout.write(row)
            self.stdout.write("")
        where = f"Peixun is running at {self.served_url(server_port)}"
        if listens_everywhere(self.addr):
            where += " (listening on every address)"
        self.stdout.write(self.style.SUCCESS(where))
