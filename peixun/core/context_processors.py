from django.conf import settings


def peixun(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
