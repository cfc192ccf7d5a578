"""The activity feed: what has happened in the user's PDUs, newest first.

Both views read the same GET filters; the feed itself is scoped to the user in
`feed.events_for`, so a PDU they may not see is neither offered nor accepted.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from kirklees_tracker.responses import partial_wanted

from . import exports
from .feed import events_for
from .forms import ActivityFilterForm

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request")
def activity(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET, user=request.user)
    valid = form.is_valid()
    page = None
    if valid:
        feed = events_for(request.user, **form.feed_filters())
        page = Paginator(feed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "valid": valid,
        "page": page,
        "since": form.cleaned_data.get("since") if valid else None,
        "query": _filters_query(request),
    }
    if partial_wanted(request):
        if not valid or request.htmx.target == "activity-filter-area":
            # The errors belong beside the fields, so the whole filter area is swapped (and
            # swapped back once they are corrected); htmx only swaps a 2xx answer.
            response = TemplateResponse(request, "activity/activity.html#filter-area", context)
            return retarget(response, "#activity-filter-area")
        return TemplateResponse(request, "activity/activity.html#results", context)
    return TemplateResponse(
        request, "activity/activity.html", context, status=200 if valid else 400
    )


@require_GET
def activity_export(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        context = {"form": form, "valid": False, "page": None, "query": ""}
        return TemplateResponse(request, "activity/activity.html", context, status=400)
    filters = form.feed_filters()
    return exports.csv_response(events_for(request.user, **filters), filters["since"])


def _filters_query(request: HttpRequest) -> str:
    """The filters as a query string, without the page: the CSV link carries them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
