"""The action plan as a spreadsheet: download it, upload it edited, check the changes, apply them.

Only a manager of the PDU (or the administrator) may: others who read the PDU get 403, and
everyone else 404 from the scoped query. An upload is its uploader's own: nobody else sees it.
Nothing is written until the manager confirms; the preview and the confirmation both review
the stored file against the data as it stands at that moment.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from inspections.access import access_for
from inspections.models import Inspection
from kirklees_tracker.responses import partial_wanted, see_other

from .models import PlanUpload
from .spreadsheet.apply import AlreadyApplied, apply_plan, earlier_application, review_upload
from .spreadsheet.forms import PlanUploadForm
from .spreadsheet.write import plan_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get_managed_inspection(request: HttpRequest, pk: int) -> Inspection:
    access = access_for(request.user)
    queryset = Inspection.objects.filter(access.pdu_filter("pdu__")).select_related("pdu")
    inspection = get_object_or_404(queryset, pk=pk)
    if not access.can_manage(inspection.pdu):
        raise PermissionDenied
    return inspection


def _get_upload(request: HttpRequest, pk: int, uuid) -> PlanUpload:
    inspection = _get_managed_inspection(request, pk)
    queryset = PlanUpload.objects.filter(inspection=inspection, uploaded_by=request.user)
    upload = get_object_or_404(queryset, uuid=uuid)
    upload.inspection = inspection
    return upload


def _may_verify(request: HttpRequest, inspection: Inspection) -> bool:
    return access_for(request.user).can_verify(inspection.pdu)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """After a POST: htmx is told to load the page; a browser gets a 303, so it GETs it."""
    if partial_wanted(request):
        return HttpResponseClientRedirect(url)
    return see_other(url)


@require_GET
def action_plan_download(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _get_managed_inspection(request, pk)
    content = plan_workbook(
        inspection, by=request.user, may_verify=_may_verify(request, inspection)
    )
    name = f"{slugify(inspection.pdu.name)}-action-plan-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def action_plan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _get_managed_inspection(request, pk)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = PlanUploadForm(*data, inspection=inspection)
    if form.is_bound and form.is_valid():
        upload = PlanUpload.objects.create(
            inspection=inspection,
            uploaded_by=request.user,
            original_name=form.cleaned_data["file"].name[:255],
            content=form.content,
            download_token=form.plan_file.download,
        )
        return _go(request, reverse("action-plan-preview", args=[pk, upload.uuid]))
    template = "recommendations/plan_upload.html"
    if request.method == "POST" and partial_wanted(request):
        # htmx swaps only 2xx answers by default, so the form with its errors comes as a 200.
        return TemplateResponse(
            request, template + "#upload-form", {"form": form, "inspection": inspection}
        )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "inspection": inspection}
    return TemplateResponse(request, template, context, status=status)


def _preview(request, upload: PlanUpload, review, *, status: int = 200) -> HttpResponse:
    context = {
        "inspection": upload.inspection,
        "upload": upload,
        "review": review,
        "applied": earlier_application(upload),
    }
    template = "recommendations/plan_preview.html"
    if request.method == "POST" and partial_wanted(request):
        return TemplateResponse(request, template + "#preview", context)
    return TemplateResponse(request, template, context, status=status)


@require_GET
def action_plan_preview(request: HttpRequest, pk: int, uuid) -> HttpResponse:
    upload = _get_upload(request, pk, uuid)
    may_verify = _may_verify(request, upload.inspection)
    return _preview(request, upload, review_upload(upload, by=request.user, may_verify=may_verify))


@require_POST
@vary_on_headers("HX-Request")
def action_plan_confirm(request: HttpRequest, pk: int, uuid) -> HttpResponse:
    upload = _get_upload(request, pk, uuid)
    may_verify = _may_verify(request, upload.inspection)
    try:
        review = apply_plan(upload, by=request.user, may_verify=may_verify)
    except AlreadyApplied:
        return _preview(request, upload, None, status=409)
    if upload.applied_at is None:
        return _preview(request, upload, review, status=400)
    count = len(review.changes)
    messages.success(request, f"Action plan saved: {count} row{'s' if count != 1 else ''} changed")
    return _go(request, reverse("inspection-detail", args=[pk]))
