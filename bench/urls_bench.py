"""The app's URLs plus /__bench_ceiling__/: the cheapest page Django can serve through the same stack."""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench_ceiling__/", ceiling),
    path("", include("peixun.urls")),
]
