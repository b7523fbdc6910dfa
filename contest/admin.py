"""Contests in the operators' admin: what a service owns is read-only, the rest is audited."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from core.admin_audit import AuditedAdminMixin
from core.widgets import LongSelect, LongSelectMultiple

from .models import Category, Contest, Credit, Entry, Question, Upload, Video


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    # Texts have a column per language: organisers edit them on the set-up pages.
    readonly_fields = ["name", "description"]


@admin.register(Contest)
class ContestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "opens_at", "closes_at", "time_zone",
                    "rules_version"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug"]
    inlines = [CategoryInline]
    date_hierarchy = "opens_at"
    # Publication and the awards lock go through their services; the rules version moves
    # with the rules text on the contest's settings page, where the texts are edited in each
    # of the contest's languages (a column per language).
    readonly_fields = ["name", "description", "rules_text", "results_published_at",
                       "awards_locked_at", "rules_version"]

    def audit_scope(self, obj):
        return obj

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "excluded_countries":
            kwargs["widget"] = LongSelectMultiple
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    raw_id_fields = ["user"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "country":
            kwargs["widget"] = LongSelect
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Entry)
class EntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title_original", "title_english", "contest", "category", "status",
                    "submitted_at"]
    list_filter = ["contest", "status", "category"]
    search_fields = ["code", "title_original", "title_english", "entrant__email",
                     "entrant__name_native", "entrant__name_latin"]
    list_select_related = ["contest", "category"]
    # Statuses and their times belong to the services (transitions, locks, audit rows); an
    # entry is its entrant's (made on their pages, forgotten with their account).
    # Answers are checked by contest/services/answers.py: read-only here.
    readonly_fields = ["entrant", "code", "status", "version", "created_at", "updated_at",
                       "rules_consent_version", "rules_consented_at", "submitted_at",
                       "anonymised_at", "answers"]
    inlines = [CreditInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Entries leave through withdrawal, disqualification or their entrant's erasure, which
        # also delete their files; a deletion here would orphan them and drop scores silently.
        return False

    def audit_scope(self, obj):
        return obj.contest


@admin.register(Video)
class VideoAdmin(ReadOnlyAdmin):
    """A verdict is the validation service's (claims, stages, reasons, the entrant's email)."""

    list_display = [
        "original_filename", "entry", "status", "is_current", "size_bytes", "created_at",
    ]
    list_filter = ["status", "is_current"]
    search_fields = ["original_filename", "sha256", "entry__code"]
    list_select_related = ["entry"]
    exclude = ["timeline_hashes"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["id", "filename", "entry", "backend", "offset", "length", "completed_at"]
    list_filter = ["backend"]
    list_select_related = ["entry"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    """Organisers edit questions on the contest's set-up pages, where edits that would change
    what stored answers mean are refused (contest/services/questions.py)."""

    list_display = ["label", "key", "contest", "type", "visibility", "required", "order",
                    "archived_at"]
    list_filter = ["type", "visibility"]
    search_fields = ["key", "label", "contest__slug"]
    list_select_related = ["contest"]
