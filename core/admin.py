from django.contrib import admin

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only services write: operators read them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is evidence: it can be read and searched, never changed."""

    list_display = ["created_at", "action", "object_type", "object_id", "actor", "scope_type",
                    "scope_id"]
    list_filter = ["action", "object_type", "scope_type"]
    search_fields = ["action", "object_id", "scope_id"]
    list_select_related = ["actor"]
