import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Tell a load balancer whether this server can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 503 rather than 500 when the cause is an unreachable database.

    Django calls this inside its exception handler, so sys.exc_info() still holds the
    error. The template needs no database, and the next request gets a fresh
    connection, so the service recovers by itself once the database is back.
    """
    error = sys.exc_info()[1]
    if _is_connection_failure(error):
        logger.warning("Database unavailable: %s", error)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)


def _is_connection_failure(error: BaseException | None) -> bool:
    # A lost connection, a refused one and the pool's timeout all arrive as
    # OperationalError or InterfaceError; integrity and data errors are real bugs.
    return isinstance(error, (OperationalError, InterfaceError))
