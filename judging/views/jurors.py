"""Juror invitations (organiser side and invitee side) and the juror's own profile."""

from __future__ import annotations

from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.team_forms import InvitationSignupForm
from contest.access import contest_from_url
from contest.models import Contest
from core.errors import ContestError
from core.pages import run_service
from core.permissions import object_permission_required

from ..forms.jurors import DeclareConflictForm, InviteJurorForm, JurorProfileForm
from ..models import Juror, JurorConflict, JurorInvitation
from ..selectors.jurors import jury_of_contest, open_invitations
from ..services import jurors as services
from .juror import juror_required

MANAGE = "judging.manage_jurors"


def _invited(invitation: JurorInvitation) -> str:
    return _("An invitation was sent to %(email)s.") % {"email": invitation.email}


@object_permission_required(MANAGE, contest_from_url)
def organiser_jurors(request, contest: Contest):
    form = InviteJurorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.invite_juror(
            contest=contest, by=request.user, **form.cleaned_data
        ), success=_invited, form=form)
        if outcome.ok:
            return redirect("judging:organiser_jurors", contest_slug=contest.slug)
    return render(request, "judging/organiser_jurors.html",
                  {"contest": contest, "form": form, "jurors": jury_of_contest(contest=contest),
                   "invitations": open_invitations(contest=contest)})


@object_permission_required(MANAGE, contest_from_url)
@require_POST
def resend_invitation(request, contest: Contest, invitation_id: int):
    invitation = get_object_or_404(
        JurorInvitation, pk=invitation_id, contest=contest, accepted_at__isnull=True
    )
    run_service(request, lambda: services.invite_juror(
        contest=contest, email=invitation.email, language=invitation.language, by=request.user,
    ), success=_("The invitation was sent again with a new link."))
    return redirect("judging:organiser_jurors", contest_slug=contest.slug)


def invitation(request, token: str):
    """Accept an invitation: logged in, as a newcomer setting a password, or after logging in."""
    try:
        pending = services.pending_invitation(token=token)
    except ContestError as error:
        status = getattr(error, "status", 400)
        return render(request, "judging/invitation_invalid.html",
                      {"message": error.message}, status=410 if status == 400 else status)
    has_account = User.objects.filter(email__iexact=pending.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            return _accept(request, token, request.user)
    elif not has_account:
        form = InvitationSignupForm(request.POST or None, email=pending.email)
        if request.method == "POST" and form.is_valid():
            return _register(request, token, form)
    context = {"invitation": pending, "form": form, "has_account": has_account}
    return render(request, "judging/invitation.html", context)


def _welcome(juror: Juror) -> str:
    return _("Welcome to the jury of %(contest)s.") % {"contest": juror.contest.name}


def _accept(request, token: str, user):
    outcome = run_service(request, lambda: services.accept_invitation(token=token, user=user),
                          success=_welcome)
    if not outcome.ok:
        return redirect("judging:invitation", token=token)
    return redirect("judging:profile", contest_slug=outcome.value.contest.slug)


def _register(request, token: str, form):
    outcome = run_service(request, lambda: services.register_and_accept(
        token=token, name_native=form.cleaned_data["name_native"],
        name_latin=form.cleaned_data["name_latin"], password=form.cleaned_data["password1"],
    ), success=lambda seated: _welcome(seated[1]))
    if not outcome.ok:
        return redirect("judging:invitation", token=token)
    user, juror = outcome.value
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("judging:profile", contest_slug=juror.contest.slug)


def _own_seat(request, slug: str) -> Juror:
    return get_object_or_404(
        Juror.objects.select_related("contest"),
        contest__slug=slug, user=request.user, is_active=True,
    )


@juror_required
def profile(request, contest_slug: str):
    juror = _own_seat(request, contest_slug)
    form = JurorProfileForm(
        request.POST if request.POST.get("form") == "profile" else None,
        initial={"country": juror.country, "languages": juror.languages},
    )
    conflict_form = DeclareConflictForm(
        request.POST if request.POST.get("form") == "conflict" else None
    )
    if form.is_bound and form.is_valid():
        outcome = run_service(request, lambda: services.update_juror_profile(
            juror=juror, by=request.user, **form.cleaned_data
        ), success=_("Your juror profile was saved."), form=form)
        if outcome.ok:
            return redirect("judging:profile", contest_slug=contest_slug)
    if conflict_form.is_bound and conflict_form.is_valid():
        outcome = run_service(request, lambda: services.declare_conflict(
            juror=juror, by=request.user, **conflict_form.cleaned_data
        ), success=_("Your conflict of interest was recorded."), form=conflict_form)
        if outcome.ok:
            return redirect("judging:profile", contest_slug=contest_slug)
    conflicts = juror.conflicts.select_related("entrant", "entry").order_by("-created_at")
    return render(request, "judging/profile.html",
                  {"juror": juror, "form": form, "conflict_form": conflict_form,
                   "conflicts": conflicts})


@juror_required
@require_POST
def withdraw_conflict(request, contest_slug: str, conflict_id: int):
    juror = _own_seat(request, contest_slug)
    conflict = get_object_or_404(JurorConflict.objects.select_related("juror__contest"),
                                 pk=conflict_id, juror=juror)
    run_service(request, lambda: services.withdraw_conflict(conflict=conflict, by=request.user),
                success=_("The conflict was withdrawn."))
    return redirect("judging:profile", contest_slug=contest_slug)
