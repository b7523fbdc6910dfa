from django.contrib import admin

from core.widgets import LongSelect, LongSelectMultiple

from .models import Category, Contest, Credit, Entry, Upload, Video


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "opens_at", "closes_at", "time_zone",
                    "rules_version"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CategoryInline]
    date_hierarchy = "opens_at"
    # Publication and the awards lock go through their services; the rules version moves
    # with the rules text on the contest's settings page.
    readonly_fields = ["results_published_at", "awards_locked_at", "rules_version"]

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
class EntryAdmin(admin.ModelAdmin):
    list_display = ["code", "title_original", "title_english", "contest", "category", "status",
                    "submitted_at"]
    list_filter = ["contest", "status", "category"]
    search_fields = ["code", "title_original", "title_english", "entrant__email",
                     "entrant__name_native", "entrant__name_latin"]
    list_select_related = ["contest", "category"]
    raw_id_fields = ["entrant"]
    # Statuses and their times belong to the services (transitions, locks, audit rows).
    readonly_fields = ["code", "status", "version", "created_at", "updated_at",
                       "rules_consent_version", "rules_consented_at", "submitted_at"]
    inlines = [CreditInline]


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = [
        "original_filename", "entry", "status", "is_current", "size_bytes", "created_at",
    ]
    list_filter = ["status", "is_current"]
    search_fields = ["original_filename", "sha256", "entry__code"]
    list_select_related = ["entry"]
    raw_id_fields = ["entry", "duplicate_of"]
    readonly_fields = ["status", "is_current", "sha256", "metadata", "reasons",
                       "perceptual_hashes", "c2pa_manifest", "created_at", "updated_at"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["id", "filename", "entry", "backend", "offset", "length", "completed_at"]
    list_filter = ["backend"]
    list_select_related = ["entry"]
    raw_id_fields = ["entry", "uploader", "video"]
