"""What every template is given: whether Peixun runs as the demo."""

from django.conf import settings


def peixun(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
