"""Settings of the benchmark server: the product's settings, plus one bench-only URL (the baseline view).

Used only by ``make bench`` (``DJANGO_SETTINGS_MODULE=bench.settings``); never in production.
"""

from sigap.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
