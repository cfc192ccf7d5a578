from django.contrib import admin, messages
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from . import admin_import
from .models import (
    PDU,
    Framework,
    Inspection,
    KeyQuestion,
    KeyQuestionBand,
    Membership,
    PreviousRecommendationReview,
    Region,
    ScoreBand,
    Standard,
)
from .rules import published_disagreements


class PDUInline(admin.TabularInline):
    model = PDU
    extra = 0
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [PDUInline]


@admin.register(PDU)
class PDUAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]


class ScoreBandInline(admin.TabularInline):
    model = ScoreBand
    extra = 0


class KeyQuestionBandInline(admin.TabularInline):
    model = KeyQuestionBand
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "max_score", "bands_confirmed"]
    inlines = [ScoreBandInline, KeyQuestionBandInline]


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


class KeyQuestionInline(admin.TabularInline):
    model = KeyQuestion
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "inspection", "rating"]
    list_filter = ["rating", "domain", "inspection__pdu__region"]
    search_fields = ["code", "name", "inspection__pdu__name"]
    list_select_related = ["inspection__pdu"]
    inlines = [KeyQuestionInline]


@admin.register(PreviousRecommendationReview)
class PreviousRecommendationReviewAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "inspection",
        "categorisation",
        "improvement_still_required",
        "reviews_recommendation",
    ]
    list_filter = ["categorisation", "improvement_still_required"]
    search_fields = ["text", "action_taken_and_impact", "inspection__pdu__name"]
    list_select_related = ["inspection__pdu", "reviews_recommendation__inspection__pdu"]
    autocomplete_fields = ["reviews_recommendation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "pdu", "region"]
    list_filter = ["role", "region", "pdu"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "pdu__name"]
    list_select_related = ["user", "pdu", "region"]
    autocomplete_fields = ["user", "pdu", "region"]


@admin.register(KeyQuestion)
class KeyQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "percent_yes", "standard"]
    search_fields = ["text", "standard__code", "standard__inspection__pdu__name"]
    list_select_related = ["standard__inspection__pdu"]
