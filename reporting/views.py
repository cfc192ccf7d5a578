"""Pages and downloads for following progress: status over time, regions, indicators, exports.

Every view fetches through a scoped query first, so that someone outside a PDU or region
gets a 404; within it, missing rights to change things give 403. The figures come from
plain functions (`reporting.status_over_time`, `reporting.export_data`, `reporting.indicators`).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from imports.importer import inspection_json, inspections_for_export
from inspections.access import access_for
from inspections.models import Inspection, Region
from kirklees_tracker.responses import partial_wanted
from kirklees_tracker.templatetags.filtering import applied_filters
from recommendations.filters import RecommendationFilter
from recommendations.models import Indicator, Recommendation
from recommendations.queries import scoped_recommendations, with_inspections

from . import exports
from .export_data import (
    ExportData,
    inspection_export_data,
    inspections_for_export_data,
    latest_inspections,
    list_export_data,
    region_export_data,
)
from .exports import pdf
from .forms import ExportForm, MeasurementForm, StatusForm
from .region_summary import region_summary
from .status_over_time import RAGS, STATUSES, publication_start
from .status_page import status_figures

LIGHT_INSPECTIONS = Inspection.objects.select_related("pdu__region", "framework")
WRITERS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response, "pdf": pdf.pdf_response}


def _inspection(request: HttpRequest, pk: int, queryset=None) -> Inspection:
    """The inspection, if its report is imported and the user may read its PDU; else 404."""
    queryset = Inspection.objects.select_related("pdu__region") if queryset is None else queryset
    return get_object_or_404(
        queryset.filter(access_for(request.user).pdu_filter("pdu__"), report_imported=True), pk=pk
    )


def _region(request: HttpRequest, pk: int) -> Region:
    region = get_object_or_404(Region, pk=pk)
    if not access_for(request.user).can_read_region(region):
        raise Http404
    return region


# Status over time


def _status_page(
    request: HttpRequest,
    *,
    subject: str,
    recommendations: list[Recommendation],
    context: dict,
    show_pdu: bool = False,
) -> HttpResponse:
    earliest = min((r.inspection.published for r in recommendations), default=None)
    form = StatusForm(request.GET, earliest=earliest and publication_start(earliest))
    context |= {"form": form, "subject": subject, "statuses": STATUSES, "rags": RAGS}
    if not form.is_valid():
        return render(request, "reporting/status.html", context, status=400)
    as_at, period, start = (form.cleaned_data[k] for k in ("as_at", "period", "start"))
    context |= {"as_at": as_at} | status_figures(
        recommendations,
        subject,
        as_at,
        period,
        start,
        show_pdu=show_pdu,
        strips_page=request.GET.get("page"),
    )
    if partial_wanted(request) and request.htmx.target == "strips":
        # A page of strips, asked for by their pagination's links.
        return render(request, "reporting/status.html#strips", context)
    return render(request, "reporting/status.html", context)


@require_GET
def inspection_status(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    recommendations = with_inspections(inspection.recommendations.order_by("number"), [inspection])
    return _status_page(
        request,
        subject=f"{inspection.pdu.name}, {inspection.published:%B %Y} inspection",
        recommendations=recommendations,
        context={"inspection": inspection, "region": inspection.pdu.region},
    )


@require_GET
def region_status(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region(request, pk)
    inspections = latest_inspections(Q(pdu__region=region), LIGHT_INSPECTIONS)
    recommendations = with_inspections(
        Recommendation.objects.filter(inspection__in=inspections).order_by(
            "inspection__pdu__name", "number"
        ),
        inspections,
    )
    return _status_page(
        request,
        subject=region.name,
        recommendations=recommendations,
        context={"region": region, "inspections": inspections},
        show_pdu=True,
    )


# Region


@require_GET
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region(request, pk)
    today = timezone.localdate()
    inspections = latest_inspections(Q(pdu__region=region), LIGHT_INSPECTIONS)
    context = {"region": region, "today": today, **region_summary(inspections, today)}
    return render(request, "reporting/region.html", context)


# Indicators


@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Indicator.objects.select_related("inspection__pdu").filter(
        access_for(request.user).pdu_filter("inspection__pdu__")
    )
    indicator = get_object_or_404(queryset, pk=pk)
    if not access_for(request.user).can_manage(indicator.inspection.pdu):
        raise PermissionDenied
    form = MeasurementForm(request.POST if request.method == "POST" else None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        measurement = form.save(commit=False)
        measurement.indicator = indicator
        measurement.recorded_by = request.user
        measurement.save()
        messages.success(request, f"Measurement of {indicator.name} added")
        return redirect(_after_measurement(indicator))
    status = 400 if request.method == "POST" else 200
    recommendations = list(indicator.recommendations.order_by("number"))
    return render(
        request,
        "reporting/measurement_form.html",
        {"indicator": indicator, "form": form, "recommendations": recommendations},
        status=status,
    )


def _after_measurement(indicator: Indicator) -> str:
    first = indicator.recommendations.order_by("number").first()
    if first is not None:
        return reverse("recommendation-detail", args=[first.pk])
    return reverse("inspection-status", args=[indicator.inspection_id])


# Exports


def _export_form(request: HttpRequest, earliest: datetime.date | None) -> ExportForm:
    """The export's form; `earliest` is the first publication it covers, as on the status pages."""
    return ExportForm(request.GET, earliest=earliest and publication_start(earliest))


def _bad_export(request: HttpRequest, form, title: str) -> HttpResponse:
    return render(
        request, "reporting/export_error.html", {"form": form, "title": title}, status=400
    )


def _write(export: ExportData, fmt: str) -> HttpResponse:
    return WRITERS[fmt](export)


@require_GET
def inspection_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    inspection = _inspection(request, pk, inspections_for_export_data())
    form = _export_form(request, inspection.published)
    if not form.is_valid():
        return _bad_export(request, form, f"{inspection.pdu.name}, {inspection.published:%B %Y}")
    export = inspection_export_data(
        inspection, form.cleaned_data["as_at"], form.cleaned_data["layout"]
    )
    return _write(export, fmt)


@require_GET
def region_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    region = _region(request, pk)
    # The first publication among the PDUs' latest inspections, which the export covers.
    earliest = (
        Inspection.objects.filter(pdu__region=region, report_imported=True)
        .values("pdu")
        .annotate(latest=Max("published"))
        .aggregate(earliest=Min("latest"))["earliest"]
    )
    form = _export_form(request, earliest)
    if not form.is_valid():
        return _bad_export(request, form, region.name)
    return _write(
        region_export_data(region, form.cleaned_data["as_at"], form.cleaned_data["layout"]), fmt
    )


@require_GET
def recommendation_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = RecommendationFilter(
        request.GET, queryset=scoped_recommendations(request.user), request=request
    )
    earliest = None
    if filterset.is_valid():
        earliest = filterset.qs.aggregate(earliest=Min("inspection__published"))["earliest"]
    form = _export_form(request, earliest)
    if not filterset.is_valid() or not form.is_valid():
        for field, errors in filterset.errors.items():
            label = filterset.form.fields[field].label if field in filterset.form.fields else ""
            for error in errors:
                form.add_error(None, f"{label}: {error}" if label else error)
        return _bad_export(request, form, "Recommendations")
    export = list_export_data(filterset.qs, form.cleaned_data["as_at"], form.cleaned_data["layout"])
    export.notes = [
        f"{label}: {value}" if value else label for label, value in applied_filters(filterset.form)
    ]
    return _write(export, fmt)


@require_GET
def inspection_export_json(request: HttpRequest, pk: int) -> JsonResponse:
    inspection = _inspection(request, pk, inspections_for_export())
    return JsonResponse(inspection_json(inspection), json_dumps_params={"ensure_ascii": False})
