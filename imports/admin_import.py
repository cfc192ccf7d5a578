"""Importing a report in the admin: upload it, read the preview, confirm.

The upload's bytes are kept in a `ReportUpload` row between the preview and the
confirmation (never in the page), so that what is imported is what was previewed, on
whichever app server the confirmation reaches. The preview and the confirmation run the
same comparison as the command (`imports.differences`).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from inspections.models import ReportUpload
from inspections.report_parser import MAX_REPORT_BYTES, ReportError, parse_report_bytes

from .differences import (
    ALLOW_DROPPING_KEY_QUESTIONS,
    ALLOW_REGION_MOVE,
    ALLOW_TEXT_CHANGES,
    compare_report,
    proposed_links,
)
from .importer import ImportRefused, report_json, save_report

ALLOW_LABELS = {
    ALLOW_REGION_MOVE: "Move the PDU to the report's region",
    ALLOW_TEXT_CHANGES: "Rewrite the texts that have history",
    ALLOW_DROPPING_KEY_QUESTIONS: "Drop the key questions that indicators use",
}


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label="Inspection report",
        help_text="The published PDF, a saved HMIP web page, or its text (Markdown or plain).",
    )

    def clean_report(self):
        upload = self.cleaned_data["report"]
        if upload.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB: choose the "
                "report itself."
            )
        content = upload.read()
        try:
            self.report_data = parse_report_bytes(content)
        except ReportError as error:
            raise forms.ValidationError(
                ["The report could not be read fully, so nothing was kept:", *error.problems]
            ) from None
        self.content = content
        return upload


class ConfirmImportForm(forms.Form):
    """A box to tick for each kind of held-back change the report makes; each one is needed."""

    def __init__(self, *args, held_back: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in held_back:
            self.fields[name] = forms.BooleanField(
                label=ALLOW_LABELS[name],
                required=True,
                error_messages={
                    "required": f"Tick “{ALLOW_LABELS[name]}” to import this report, or "
                    "leave the import."
                },
            )


def _check_permission(model_admin, request: HttpRequest) -> None:
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied


def _context(model_admin, request: HttpRequest, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import an inspection report",
        **extra,
    }


def upload_view(model_admin, request: HttpRequest) -> HttpResponse:
    _check_permission(model_admin, request)
    posted = request.method == "POST"
    form = ReportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = ReportUpload.objects.create(
            uploaded_by=request.user,
            original_name=form.cleaned_data["report"].name[:255],
            content=form.content,
        )
        return redirect("admin:inspections_inspection_import_preview", upload.uuid)
    return TemplateResponse(
        request,
        "admin/inspections/inspection/import_form.html",
        _context(model_admin, request, form=form),
        status=400 if form.is_bound else 200,
    )


def preview_view(model_admin, request: HttpRequest, upload: str) -> HttpResponse:
    """GET: the inspection as it will be stored and every difference; POST: confirm."""
    _check_permission(model_admin, request)
    upload = get_object_or_404(
        ReportUpload, uuid=upload, uploaded_by=request.user, imported_at__isnull=True
    )
    try:
        report = parse_report_bytes(bytes(upload.content))
    except ReportError as error:  # the parser changed since the upload: say so, keep nothing
        upload.delete()
        messages.error(request, "The report can no longer be read: " + "; ".join(error.problems))
        return redirect("admin:inspections_inspection_import")
    comparison = compare_report(report)
    held_back = comparison.held_back()
    form = ConfirmImportForm(
        request.POST if request.method == "POST" else None, held_back=held_back
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save_report(
                    report, source_name=upload.original_name, **dict.fromkeys(held_back, True)
                )
            except ImportRefused as refusal:
                # Something changed between the preview and now: show the new preview.
                form.add_error(None, "The tracker changed since this preview: " + refusal.args[0])
            except (ReportError, ProtectedError) as error:
                form.add_error(None, f"The report was not imported; nothing was changed. {error}")
            else:
                upload.imported_at = timezone.now()
                upload.inspection = result.inspection
                upload.save(update_fields=["imported_at", "inspection"])
                summary = (
                    f"{result.inspection} is already up to date; nothing changed."
                    if result.unchanged
                    else f"Imported {result.inspection}: {result.created} rows added, "
                    f"{result.changed} changed."
                )
                messages.success(request, summary)
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect(
                    reverse("admin:inspections_inspection_change", args=[result.inspection.pk])
                )
        status = 400
    data = report_json(report)
    for row, link in zip(data["previous_recommendations"], proposed_links(report), strict=True):
        row["link"] = link
    return TemplateResponse(
        request,
        "admin/inspections/inspection/import_preview.html",
        _context(
            model_admin,
            request,
            title=f"Check the import of {upload.original_name}",
            upload=upload,
            report=data,
            comparison=comparison,
            held_back=[(ALLOW_LABELS[name], problems) for name, problems in held_back.items()],
            form=form,
        ),
        status=status,
    )
