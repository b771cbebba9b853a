"""Send the webhook deliveries whose retry is due: for a server without a Celery worker (run it from cron)."""

from django.core.management.base import BaseCommand

from peixun.api import webhooks


class Command(BaseCommand):
    help = "Post the webhook deliveries that are due (their next try has come), recording each attempt."

    def handle(self, *args, **options):
        count = webhooks.send_due()
        self.stdout.write(f"{count} due webhook deliveries handed on.")
