"""The signed-in person's own pages: their profile and the erasure of their account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pages import run_service

from .profile_forms import DeleteAccountForm, ProfileForm
from .services import delete_account


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: delete_account(user=request.user),
                              success=_("Your account was deleted."))
        if outcome.ok:
            logout(request)
            return redirect("contest:home")
    return render(request, "accounts/delete.html", {"form": form})
