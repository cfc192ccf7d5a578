from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    DueDateChange,
    Evidence,
    Indicator,
    Measurement,
    PlanChange,
    ProgressUpdate,
    Recommendation,
)

# The plan's fields and due dates are dated and audited: they change only through the
# service's own forms (recommendations.plan.change_plan, recommendations.actions), which
# record who, when and why. Here they are read-only, with a link to those forms.
PLAN_FIELDS = ["response", "response_reason", "owner_user", "owner", "target_date", "standards"]


class ReadOnlyOnceSavedMixin:
    """Rows that are history: added, never changed or deleted."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    """Actions are added and changed on the recommendation's page, where their history is kept."""

    model = Action
    extra = 0
    fields = ["description", "owner_user", "owner", "due_date", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PlanChangeInline(ReadOnlyOnceSavedMixin, admin.TabularInline):
    model = PlanChange
    extra = 0
    fields = ["changed_at", "changed_by", "field", "old_value", "new_value", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProgressUpdateInline(ReadOnlyOnceSavedMixin, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = [
        ("author", "created_at"),
        ("status", "rag", "judgement", "improvement_still_required"),
        "what_was_done",
        "impact",
        "reason",
    ]
    readonly_fields = [
        "author",
        "created_at",
        "status",
        "rag",
        "judgement",
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
    position_fields = ["status", "rag", "judgement", "improvement_still_required"]
    readonly_fields = [*PLAN_FIELDS, "change_the_plan", *position_fields]
    fieldsets = [
        (None, {"fields": ["inspection", "number", "text", "repeats"]}),
        ("Action plan", {"fields": ["change_the_plan", *PLAN_FIELDS]}),
        ("Current position (from the latest progress update)", {"fields": position_fields}),
    ]
    inlines = [ActionInline, PlanChangeInline, ProgressUpdateInline]

    @admin.display(description="Change the plan")
    def change_the_plan(self, obj):
        if obj is None or obj.pk is None:
            return "Save the recommendation first; then change its plan on its page."
        return format_html(
            '<a href="{}">Change the response, owner, target date or standards</a> '
            "(on the recommendation's page, where each change is recorded with who, when and why)",
            reverse("recommendation-plan", args=[obj.pk]),
        )


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
    readonly_fields = [
        "recommendation",
        "due_date",
        "move_the_due_date",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        # An action is added on its recommendation's page, which checks its owner and due date.
        return False

    @admin.display(description="Move the due date")
    def move_the_due_date(self, obj):
        return format_html(
            '<a href="{}">Move the due date, with a reason</a>',
            reverse("action-move-due-date", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyOnceSavedMixin, admin.ModelAdmin):
    list_display = ["recommendation", "created_at", "author", "status", "rag", "judgement"]
    list_filter = ["status", "rag", "judgement", "recommendation__inspection__pdu"]
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


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyOnceSavedMixin, admin.ModelAdmin):
    list_display = ["recommendation", "field", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["field", "recommendation__inspection__pdu"]
    search_fields = ["old_value", "new_value", "reason"]
    list_select_related = ["recommendation__inspection__pdu", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False
