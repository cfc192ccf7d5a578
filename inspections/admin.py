from django.contrib import admin

from .models import (
    PDU,
    Framework,
    KeyQuestion,
    KeyQuestionBand,
    Membership,
    PreviousRecommendationReview,
    Region,
    ScoreBand,
    Standard,
)


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
