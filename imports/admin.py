"""The inspection's admin, with the report import beside its list: upload, preview, confirm."""

from django.contrib import admin, messages
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Inspection, PreviousRecommendationReview, Standard
from inspections.rules import published_disagreements

from . import admin_import


class StandardInline(admin.StackedInline):
    model = Standard
    extra = 0
    show_change_link = True
    fields = [("code", "name", "domain", "rating", "order"), "statement", "summary"]


class PreviousRecommendationReviewInline(admin.StackedInline):
    model = PreviousRecommendationReview
    extra = 0
    fields = [
        ("number", "categorisation", "improvement_still_required"),
        "text",
        "action_taken_and_impact",
        "reviews_recommendation",
    ]
    autocomplete_fields = ["reviews_recommendation"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["pdu", "published", "overall_rating", "score", "report_imported"]
    list_filter = ["overall_rating", "pdu__region", "published", "report_imported"]
    search_fields = ["pdu__name", "pdu__region__name", "lead_inspector"]
    list_select_related = ["pdu"]
    autocomplete_fields = ["pdu", "previous_inspection"]
    date_hierarchy = "published"
    inlines = [StandardInline, PreviousRecommendationReviewInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(lambda request: admin_import.upload_view(self, request)),
                name="inspections_inspection_import",
            ),
            path(
                "import/<uuid:upload>/",
                view(lambda request, upload: admin_import.preview_view(self, request, upload)),
                name="inspections_inspection_import_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        inspection = self.get_object(request, object_id)
        if inspection is not None and request.method == "GET":
            for warning in published_disagreements(inspection):
                messages.warning(request, f"Published figures differ from the framework: {warning}")
        return super().change_view(request, object_id, form_url, extra_context)
