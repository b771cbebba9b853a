"""``manage.py worker_health``: whether a Celery worker answers, for a health check (exit status 0 or 1)."""

from django.core.management.base import BaseCommand, CommandError

from peixun.jobs import dispatch


class Command(BaseCommand):
    help = (
        "Send a ping task through the broker and wait for a worker to run it; exits 1 if none does within "
        "--timeout seconds (or with no broker configured)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for a worker (10).")

    def handle(self, *args, timeout: float = 10.0, **options):
        if not dispatch.has_broker():
            raise CommandError("No broker configured (PEIXUN_BROKER_URL): work runs in the web processes.")
        from peixun.celery import app

        # The answer comes back over the broker's own reply queue (remote control), so no result store is
        # needed: a worker that answers has its consumer running and reads the broker.
        try:
            replies = app.control.ping(timeout=timeout) or []
        except Exception as error:
            raise CommandError(f"The broker cannot be reached: {error}") from None
        if not replies:
            raise CommandError(f"No worker answered within {timeout:g} seconds.")
        for reply in replies:
            for name, answer in reply.items():
                self.stdout.write(f"{name}: {answer.get('ok', answer)}")
        self.stdout.write(self.style.SUCCESS(f"{len(replies)} worker(s) answered."))
