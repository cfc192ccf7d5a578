"""`reverse()`, remembered: a list, a region's page or home links to the same few views for
many rows, and each reverse() costs tens of microseconds, a hundred times or more a page.

A path depends only on the view's name, its arguments, the URLconf and the script prefix,
so it is remembered under all four (per process, the most recent 8,192).
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=8192)
def _path(name: str, args: tuple, script_prefix: str, urlconf: str | None) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def path_to(name: str, *args) -> str:
    """`reverse(name, args=args)`, remembered."""
    return _path(name, args, get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _path.cache_clear()
