"""``manage.py create_api_token USERNAME [--write] [--name N]``: make a token for a user and print it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from peixun.api.models import TokenScope
from peixun.api.services import create_api_token
from peixun.core.models import User


class Command(BaseCommand):
    help = "Make an API token for a user and print it (shown this once; only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--write", action="store_true", help="The token may write as well as read.")
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args, username, write, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called “{username}”.")
        scope = TokenScope.READ_WRITE if write else TokenScope.READ
        try:
            made = create_api_token(actor=None, user=user, name=name, scope=scope)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(made.secret)
