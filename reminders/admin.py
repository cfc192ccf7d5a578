from django.contrib import admin

from .models import EmailPreference, SentEmail


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "actions", "awaiting_verification", "weekly_digest", "updated_at"]
    list_filter = ["actions", "awaiting_verification", "weekly_digest"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """The record of what was sent. Deleting a row lets the next run send that e-mail again."""

    list_display = ["user", "kind", "period", "address", "claimed_at", "sent_at"]
    list_filter = ["kind", "period"]
    search_fields = ["user__username", "address", "about"]
    readonly_fields = ["user", "kind", "period", "about", "address", "claimed_at", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
