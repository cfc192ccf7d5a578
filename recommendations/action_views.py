"""The actions list: every action the user may see, filtered as home's figures link to it."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from kirklees_tracker.responses import partial_wanted

from .filters import ActionFilter
from .queries import scoped_actions

PAGE_SIZE = 50


@require_GET
@vary_on_headers("HX-Request")
def action_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        scoped_actions(request.user)
        .select_related("recommendation__inspection__pdu", "owner_user")
        .order_by("due_date", "recommendation__inspection__pdu__name", "pk")
    )
    filterset = ActionFilter(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs if valid else queryset.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": filterset.form, "page": page, "valid": valid}
    if partial_wanted(request):
        if not valid or request.htmx.target == "filter-area":
            # As on the recommendations list: errors sit beside the fields, so the whole
            # filter area is swapped (with a 200, which htmx swaps) until they are corrected.
            response = TemplateResponse(
                request, "recommendations/action_list.html#filter-area", context
            )
            return retarget(response, "#filter-area")
        return TemplateResponse(request, "recommendations/action_list.html#results", context)
    return TemplateResponse(
        request, "recommendations/action_list.html", context, status=200 if valid else 400
    )
