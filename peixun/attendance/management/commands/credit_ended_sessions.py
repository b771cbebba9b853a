"""``manage.py credit_ended_sessions``: credit the class hours of sessions that have ended to those present.

Safe to run as often as wanted, also twice at once; see docs/operations.md.
"""

from django.core.management.base import BaseCommand

from peixun.attendance import services


class Command(BaseCommand):
    help = (
        "Credit the class hours of every session that has ended to the officials marked present or late and "
        "not credited yet. Never credits anyone twice."
    )

    def handle(self, *args, **options):
        credited = services.credit_ended_sessions()
        self.stdout.write(self.style.SUCCESS(f"Credited {credited} attendance mark(s) of ended sessions."))
