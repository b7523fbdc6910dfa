from django.contrib import admin

from .models import AuditEvent, BouncedAddress, Message


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


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """The outbox, for operators; organisers see their contest's on its outbox page."""

    list_display = ["created_at", "kind", "address", "status", "status_reason", "attempts",
                    "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["address", "kind", "scope_id"]
    exclude = ["context"]


@admin.register(BouncedAddress)
class BouncedAddressAdmin(admin.ModelAdmin):
    """Addresses the mail server refused. Deleting one (once the person fixed their mailbox)
    lets mail to it go out again; ``manage.py clear_bounce`` does the same."""

    list_display = ["address", "bounced_at", "reason"]
    search_fields = ["address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
