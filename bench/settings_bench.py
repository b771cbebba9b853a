"""The app's own settings, with one trivial extra view for the benchmark's ceiling (bench/urls_bench.py)."""

from peixun.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bench"
