from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.widgets import LongSelect

from .models import Membership, Organisation, TeamInvitation, User


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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """For platform operators; teams manage themselves on the organisation's pages."""

    list_display = ["name", "slug", "default_language", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(TeamInvitation)
class TeamInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "sent_at", "expires_at", "accepted_at",
                    "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    # The link is signed with the nonce: changing either here would silently break it.
    readonly_fields = ["nonce", "sent_at", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at", "invited_by"]
