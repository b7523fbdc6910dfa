"""Pages of organisations and their teams: create one, invite, change roles, join, leave."""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ContestError
from core.pages import run_service
from core.permissions import object_permission_required

from . import teams
from .models import Membership, Organisation, TeamInvitation, User
from .team_forms import (
    InvitationSignupForm,
    InviteMemberForm,
    OrganisationForm,
    OrganisationSettingsForm,
    RoleForm,
)


def organisation_from_url(request, kwargs) -> Organisation:
    return get_object_or_404(Organisation, slug=kwargs.pop("org_slug"))


@login_required
@require_http_methods(["GET", "POST"])
def organisations(request):
    """The organisations the person belongs to, and a form to start a new one."""
    form = OrganisationForm(request.POST or None,
                            initial={"default_language": request.user.language,
                                     "time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: teams.create_organisation(
            by=request.user, **form.cleaned_data), form=form,
            success=_("The organisation was created."))
        if outcome.ok:
            return redirect("accounts:team", org_slug=outcome.value.slug)
    memberships = (Membership.objects.filter(user=request.user)
                   .select_related("organisation").order_by("organisation__name"))
    return render(request, "accounts/organisations.html",
                  {"memberships": memberships, "form": form})


@object_permission_required("accounts.view_organisation", organisation_from_url)
@require_http_methods(["GET", "POST"])
def team(request, organisation: Organisation):
    """Members with their roles and pending invitations; owners invite and manage."""
    form = InviteMemberForm(request.POST or None)
    can_manage = request.user.has_perm("accounts.manage_team", organisation)
    if request.method == "POST" and can_manage and form.is_valid():
        outcome = run_service(request, lambda: teams.invite_member(
            organisation=organisation, by=request.user, **form.cleaned_data), form=form,
            success=_("The invitation was sent."))
        if outcome.ok:
            return redirect("accounts:team", org_slug=organisation.slug)
    members = organisation.memberships.select_related("user").order_by("user__name_latin", "pk")
    invitations = organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True).select_related("invited_by")
    return render(request, "accounts/team.html", {
        "organisation": organisation, "members": members, "invitations": invitations,
        "form": form if can_manage else None, "can_manage": can_manage,
        "role_form": RoleForm(),
    })


@object_permission_required("accounts.change_organisation", organisation_from_url)
@require_http_methods(["GET", "POST"])
def organisation_settings(request, organisation: Organisation):
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: teams.update_organisation(
            organisation=organisation, by=request.user, **form.cleaned_data), form=form,
            success=_("The organisation was saved."))
        if outcome.ok:
            return redirect("accounts:organisation_settings", org_slug=organisation.slug)
    return render(request, "accounts/organisation_settings.html",
                  {"organisation": organisation, "form": form})


@object_permission_required("accounts.manage_team", organisation_from_url)
@require_POST
def member_action(request, organisation: Organisation, membership_id: int, action: str):
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    if action == "remove":
        run_service(request, lambda: teams.remove_member(membership=membership, by=request.user),
                    success=_("The member was removed."))
    else:
        form = RoleForm(request.POST)
        if form.is_valid():
            run_service(request, lambda: teams.change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user),
                success=_("The role was changed."))
    return redirect("accounts:team", org_slug=organisation.slug)


@object_permission_required("accounts.manage_team", organisation_from_url)
@require_POST
def invitation_action(request, organisation: Organisation, invitation_id: int, action: str):
    invitation = get_object_or_404(TeamInvitation, pk=invitation_id, organisation=organisation)
    if action == "resend":
        run_service(request, lambda: teams.resend_invitation(invitation=invitation,
                                                             by=request.user),
                    success=_("The invitation was sent again."))
    else:
        run_service(request, lambda: teams.revoke_invitation(invitation=invitation,
                                                             by=request.user),
                    success=_("The invitation was withdrawn."))
    return redirect("accounts:team", org_slug=organisation.slug)


@object_permission_required("accounts.leave_organisation", organisation_from_url)
@require_POST
def leave(request, organisation: Organisation):
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    outcome = run_service(request, lambda: teams.leave_organisation(membership=membership),
                          success=_("You left the team."))
    if outcome.ok:
        return redirect("accounts:organisations")
    return redirect("accounts:team", org_slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """Join a team: signed in, as a newcomer choosing a password, or after logging in."""
    try:
        pending = teams.pending_invitation(token=token)
    except ContestError as error:
        return render(request, "accounts/team_invitation_invalid.html",
                      {"message": error.message}, status=404 if error.status == 404 else 410)
    has_account = User.objects.filter(email__iexact=pending.email).exists()
    form = None
    if request.user.is_authenticated and request.method == "POST":
        outcome = run_service(request, lambda: teams.accept_invitation(token=token,
                                                                       user=request.user))
        if outcome.ok:
            return redirect("accounts:team", org_slug=pending.organisation.slug)
    elif not request.user.is_authenticated and not has_account:
        form = InvitationSignupForm(request.POST or None, email=pending.email)
        if request.method == "POST" and form.is_valid():
            outcome = run_service(request, lambda: teams.register_and_accept(
                token=token, name_native=form.cleaned_data["name_native"],
                name_latin=form.cleaned_data["name_latin"],
                password=form.cleaned_data["password1"]), form=form)
            if outcome.ok:
                login(request, outcome.value[0],
                      backend="django.contrib.auth.backends.ModelBackend")
                return redirect("accounts:team", org_slug=pending.organisation.slug)
    return render(request, "accounts/team_invitation.html",
                  {"invitation": pending, "form": form, "has_account": has_account})
