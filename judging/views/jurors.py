"""Juror invitations (organiser side and invitee side) and the juror's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from contest.models import Contest
from core.errors import ContestError

from ..forms.jurors import (
    DeclareConflictForm,
    InvitationSignupForm,
    InviteJurorForm,
    JurorProfileForm,
)
from ..models import Juror, JurorConflict, JurorInvitation
from ..services import jurors as services
from .juror import juror_required


def _organiser_contest(request, slug: str) -> Contest:
    if not request.user.has_perm("judging.manage_jurors"):
        raise PermissionDenied
    return get_object_or_404(Contest, slug=slug)


@login_required
def organiser_jurors(request, contest_slug: str):
    contest = _organiser_contest(request, contest_slug)
    form = InviteJurorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_juror(
                contest=contest, by=request.user, **form.cleaned_data
            )
        except ContestError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.")
                             % {"email": invitation.email})
            return redirect("judging:organiser_jurors", contest_slug=contest.slug)
    jurors = (
        Juror.objects.filter(contest=contest)
        .select_related("user")
        .annotate(conflict_count=Count("conflicts", distinct=True),
                  assignment_count=Count("assignments", distinct=True))
        .order_by("-is_active", "user__name_latin", "user__email")
    )
    invitations = JurorInvitation.objects.filter(
        contest=contest, accepted_at__isnull=True
    ).select_related("invited_by").order_by("-created_at")
    return render(request, "judging/organiser_jurors.html",
                  {"contest": contest, "form": form, "jurors": jurors,
                   "invitations": invitations})


@login_required
@require_POST
def resend_invitation(request, contest_slug: str, invitation_id: int):
    contest = _organiser_contest(request, contest_slug)
    invitation = get_object_or_404(
        JurorInvitation, pk=invitation_id, contest=contest, accepted_at__isnull=True
    )
    try:
        services.invite_juror(contest=contest, email=invitation.email,
                              language=invitation.language, by=request.user)
    except ContestError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The invitation was sent again with a new link."))
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


def _accept(request, token: str, user):
    try:
        juror = services.accept_invitation(token=token, user=user)
    except ContestError as error:
        messages.error(request, str(error.message))
        return redirect("judging:invitation", token=token)
    messages.success(request, _("Welcome to the jury of %(contest)s.")
                     % {"contest": juror.contest.name})
    return redirect("judging:profile", contest_slug=juror.contest.slug)


def _register(request, token: str, form):
    try:
        user, juror = services.register_and_accept(
            token=token, name_native=form.cleaned_data["name_native"],
            name_latin=form.cleaned_data["name_latin"], password=form.cleaned_data["password1"],
        )
    except ContestError as error:
        messages.error(request, str(error.message))
        return redirect("judging:invitation", token=token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to the jury of %(contest)s.")
                     % {"contest": juror.contest.name})
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
        services.update_juror_profile(juror=juror, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your juror profile was saved."))
        return redirect("judging:profile", contest_slug=contest_slug)
    if conflict_form.is_bound and conflict_form.is_valid():
        try:
            services.declare_conflict(juror=juror, by=request.user, **conflict_form.cleaned_data)
        except ContestError as error:
            for field, errors in error.fields.items():
                conflict_form.add_error(field if field in conflict_form.fields else None, errors)
            if not error.fields:
                conflict_form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your conflict of interest was recorded."))
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
    try:
        services.withdraw_conflict(conflict=conflict, by=request.user)
    except ContestError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The conflict was withdrawn."))
    return redirect("judging:profile", contest_slug=contest_slug)
