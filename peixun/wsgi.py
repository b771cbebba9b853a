"""The WSGI application that serves Peixun."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peixun.settings")
application = get_wsgi_application()
