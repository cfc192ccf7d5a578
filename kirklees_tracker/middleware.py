"""What every answer carries, and who the client is behind the proxy.

- Case work must not stay in a browser's or a proxy's cache: an answer that says nothing
  about caching is sent `Cache-Control: private, no-store` (views that say otherwise keep
  their own, such as the health check's `never_cache`).
- An answer may depend on the session cookie and on htmx's request headers (a partial for
  `HX-Request`, which one for `HX-Target`, the whole page for a history restore), so every
  answer names them in `Vary`.
- Behind `TRUSTED_PROXY_COUNT` proxies, the client is the address the first of them saw;
  django-axes (`AXES_CLIENT_IP_CALLABLE`) and the logs use it.
"""

import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

VARY = ("Cookie", "HX-Request", "HX-Target", "HX-History-Restore-Request")


class PrivateAnswersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.client_ip = client_ip(request)
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, VARY)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the one the outermost trusted proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    behind N proxies the client is the Nth entry from the right; anything further left
    came from the client itself and may be forged. A request with fewer entries than N did
    not come through every proxy, so none of its header is trusted.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


class ClientIPLogFilter(logging.Filter):
    """Give every log record a `client_ip`: the client of the request it is about, or "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        address = getattr(request, "client_ip", None) if request is not None else None
        if address is None and request is not None and hasattr(request, "META"):
            address = client_ip(request)
        record.client_ip = address or "-"
        return True
