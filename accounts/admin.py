"""Accounts in the operators' admin. Deleting a person, one or several, runs the same erasure
as the settings page (``services.delete_account``): a refusal is shown, never bypassed."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_audit import AuditedAdminMixin
from core.errors import ContestError
from core.pages import run_service
from core.widgets import LongSelect

from .models import Membership, Organisation, TeamInvitation, User
from .services import delete_account


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = User
        fields = "__all__"
        widgets = {"country": LongSelect, "language": LongSelect, "time_zone": LongSelect}


@admin.action(permissions=["delete"], description=_("Delete selected accounts"))
def erase_selected(modeladmin, request, queryset):
    """Django's confirmation page first; once confirmed, each person goes through the erasure
    service on their own, so one refusal does not hold the others back."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)
    deleted = 0
    for user in queryset.order_by("pk"):
        email = user.email
        try:
            delete_account(user=user, by=request.user)
        except ContestError as error:
            modeladmin.message_user(request, f"{email}: {error.message}", messages.ERROR)
        else:
            deleted += 1
    if deleted:
        modeladmin.message_user(request, ngettext(
            "%(count)d account was deleted.", "%(count)d accounts were deleted.", deleted,
        ) % {"count": deleted}, messages.SUCCESS)
    return None


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """People log in by e-mail; names are kept as written, with a Latin spelling."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name_native", "name_latin", "country", "language", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "language"]
    search_fields = ["email", "name_native", "name_latin", "organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "name_native", "name_latin", "country", "language", "time_zone",
                    "organisation", "website",
                )
            },
        ),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            # Same name: the confirmation page posts back to "delete_selected".
            actions["delete_selected"] = (erase_selected, "delete_selected",
                                          erase_selected.short_description)
        return actions

    def get_deleted_objects(self, objs, request):
        # The erasure keeps some records (anonymised) and refuses some people: Django's list of
        # cascading rows would be wrong, so the confirmation names the people only.
        return [str(obj.email) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        # Not reached by the pages above; any other caller still erases, never cascades.
        delete_account(user=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset.order_by("pk"):
            delete_account(user=user, by=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if request.method != "POST" or user is None or not self.has_delete_permission(request,
                                                                                      user):
            return super().delete_view(request, object_id, extra_context)
        outcome = run_service(request, lambda: delete_account(user=user, by=request.user),
                              success=gettext("The account was deleted."))
        if outcome.ok:
            return redirect(reverse("admin:accounts_user_changelist"))
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))


class MembershipInline(admin.TabularInline):
    """Read-only: roles change through the team services (the last-owner rule, the audit)."""

    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """For platform operators; teams manage themselves on the organisation's pages."""

    list_display = ["name", "slug", "default_language", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def audit_scope(self, obj):
        return obj


@admin.register(TeamInvitation)
class TeamInvitationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "sent_at", "expires_at", "accepted_at",
                    "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    # The link is signed with the nonce: changing either here would silently break it.
    readonly_fields = ["nonce", "sent_at", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at", "invited_by"]

    def audit_scope(self, obj):
        return obj.organisation
