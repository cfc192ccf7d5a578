"""The home page and the inspection page: what the inspectorate found, and where each
recommendation stands.

They live here, not in `inspections`, because both show the PDU's work on the
recommendations, and `inspections` imports nothing above it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from inspections.access import access_for

from . import worklist
from .inspection_pages import (
    domain_groups,
    inspection_page,
    pdu_rows,
    regional_worklist,
    review_judgements,
)
from .models import Status


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's PDUs with their latest inspections, and their worklist: for a manager
    (of a PDU) what their PDUs must do; for a regional lead, what awaits them."""
    rows = pdu_rows(request.user)
    access = access_for(request.user)
    regions = {row.pdu.region for row in rows if access.can_read_region(row.pdu.region)}
    context = {
        "rows": rows,
        "regions": sorted(regions, key=lambda region: region.name),
        "statuses": Status.choices,
        "regional": access.is_regional,
        "figures": worklist.pdu_figures(request.user) if access.reads_pdus else [],
    }
    if access.is_regional:
        context |= regional_worklist(request.user, rows)
    return render(request, "inspections/home.html", context)


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    inspection = get_object_or_404(inspection_page(access), pk=pk)
    domains = domain_groups(inspection)
    reviews = inspection.previous_recommendation_reviews.all()
    context = {
        "inspection": inspection,
        "can_read_region": access.can_read_region(inspection.pdu.region),
        "can_manage": access.can_manage(inspection.pdu),
        "domains": domains,
        "has_key_questions": any(row.key_questions for d in domains for row in d.standards),
        "recommendations": inspection.recommendations.all(),
        "reviews": reviews,
        **review_judgements(inspection, reviews),
    }
    return render(request, "inspections/detail.html", context)
