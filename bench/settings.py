"""The production settings plus one bench-only URL: a minimal view to compare pages with.

Used only by bench/run.py and bench/fault.py (DJANGO_SETTINGS_MODULE=bench.settings);
the app's own URLs are untouched.
"""

from kirklees_tracker.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
