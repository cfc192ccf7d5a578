import logging
import sys

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .sign_in_forms import SignInForm

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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, for a request Django could not read (a form in another charset, say).

    Django's own handler re-runs the CSRF check (`requires_csrf_token`), which reads the
    unreadable form again and turns the 400 into a 500. The page's CSRF token needs no
    check: `get_token` works on any request.
    """
    return render(request, "400.html", status=400)


class SignInView(LoginView):
    """Django's sign-in, with a bounded username and a 400 for a refused sign-in."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in page (the bounded form is `admin.site.login_form`), refused with 400."""
    response = admin.site.login(request)
    if isinstance(response, TemplateResponse) and getattr(
        response.context_data.get("form"), "errors", None
    ):
        response.status_code = 400
    return response
