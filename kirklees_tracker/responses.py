"""Small answers every app's views give: htmx's partial or the whole page, and "see other"."""

from django.http import HttpRequest, HttpResponseRedirect


def partial_wanted(request: HttpRequest) -> bool:
    """htmx asked for a fragment; a history restore wants the whole page back."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def see_other(url: str) -> HttpResponseRedirect:
    """Send the browser on after a POST: 303 makes it GET the page, whatever it posted."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response
