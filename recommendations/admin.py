from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    DueDateChange,
    Evidence,
    Indicator,
    Measurement,
    ProgressUpdate,
    Recommendation,
)


class ReadOnlyOnceSavedMixin:
    """Rows that are history: added, never changed or deleted."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["description", "owner", "due_date", "status"]
    show_change_link = True


class ProgressUpdateInline(ReadOnlyOnceSavedMixin, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = [
        ("author", "created_at"),
        ("status", "rag", "progress", "improvement_still_required"),
        "what_was_done",
        "impact",
        "reason",
    ]
    readonly_fields = [
        "author",
        "created_at",
        "status",
        "rag",
        "progress",
        "improvement_still_required",
        "what_was_done",
        "impact",
        "reason",
    ]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Updates are logged on the recommendation page, through the workflow's checks.
        return False


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["number", "inspection", "status", "rag", "owner", "target_date"]
    list_filter = ["status", "rag", "response", "inspection__pdu__region", "inspection__pdu"]
    search_fields = ["text", "owner", "inspection__pdu__name"]
    list_select_related = ["inspection__pdu"]
    autocomplete_fields = ["inspection", "repeats"]
    filter_horizontal = ["standards"]
    readonly_fields = ["status", "rag", "progress", "improvement_still_required"]
    fieldsets = [
        (None, {"fields": ["inspection", "number", "text", "standards", "repeats"]}),
        ("HMPPS response", {"fields": ["response", "response_reason", "owner", "target_date"]}),
        (
            "Current position (from the latest progress update)",
            {"fields": readonly_fields},
        ),
    ]
    inlines = [ActionInline, ProgressUpdateInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "standards":
            kwargs["queryset"] = db_field.related_model.objects.select_related("inspection__pdu")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DueDateChangeInline(ReadOnlyOnceSavedMixin, admin.TabularInline):
    model = DueDateChange
    extra = 0
    readonly_fields = ["old_due_date", "new_due_date", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "recommendation", "owner", "due_date", "status"]
    list_filter = ["status", "recommendation__inspection__pdu"]
    search_fields = ["description", "owner"]
    list_select_related = ["recommendation__inspection__pdu"]
    autocomplete_fields = ["recommendation"]
    inlines = [DueDateChangeInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyOnceSavedMixin, admin.ModelAdmin):
    list_display = ["recommendation", "created_at", "author", "status", "rag", "progress"]
    list_filter = ["status", "rag", "progress", "recommendation__inspection__pdu"]
    search_fields = ["what_was_done", "impact", "author__username"]
    list_select_related = ["recommendation__inspection__pdu", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyOnceSavedMixin, admin.ModelAdmin):
    list_display = ["original_name", "update", "content_type", "size", "uploaded_by"]
    search_fields = ["original_name"]
    list_select_related = ["update__recommendation__inspection__pdu", "uploaded_by"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ["date", "value", "cases", "total", "source", "recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "inspection", "unit", "baseline_value", "target_value"]
    list_filter = ["unit", "inspection__pdu"]
    search_fields = ["name", "source"]
    list_select_related = ["inspection__pdu"]
    autocomplete_fields = ["inspection", "key_question"]
    filter_horizontal = ["recommendations"]
    inlines = [MeasurementInline]


@admin.register(DueDateChange)
class DueDateChangeAdmin(ReadOnlyOnceSavedMixin, admin.ModelAdmin):
    list_display = ["action", "old_due_date", "new_due_date", "changed_by", "changed_at"]
    search_fields = ["reason", "action__description"]
    list_select_related = ["action", "changed_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "date", "value", "cases", "total", "source"]
    list_filter = ["indicator__inspection__pdu"]
    search_fields = ["indicator__name", "source"]
    list_select_related = ["indicator"]
