"""The organisers' pages for one juror's seat: capacity and languages, deactivating and
reactivating (each behind a confirmation page that says what will move)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pages import run_service
from core.permissions import object_permission_required

from ..access import juror_from_url
from ..forms.jurors import JurorSeatForm, ReactivateJurorForm
from ..models import Juror
from ..selectors.jurors import open_work_of
from ..services import juror_seats as services

MANAGE = "judging.manage_jurors"


def moved_message(change: services.SeatChange) -> str:
    return ngettext("%(count)s assignment moved.", "%(count)s assignments moved.",
                    change.moved) % {"count": change.moved}


def _back(juror: Juror):
    return redirect("judging:organiser_jurors", contest_slug=juror.contest.slug)


@object_permission_required(MANAGE, juror_from_url)
def juror_seat(request, juror: Juror):
    """Capacity and languages of one juror."""
    form = JurorSeatForm(request.POST or None, initial={
        "capacity": juror.capacity, "languages": juror.languages})
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.update_seat(
            juror=juror, by=request.user, changes=form.cleaned_data,
        ), success=lambda change: " ".join([_("The juror was saved."), moved_message(change)]),
            form=form)
        if outcome.ok:
            return _back(juror)
    return render(request, "judging/juror_seat.html",
                  {"contest": juror.contest, "juror": juror, "form": form})


@object_permission_required(MANAGE, juror_from_url)
def deactivate(request, juror: Juror):
    """GET: what deactivating will do; POST: do it."""
    if request.method == "POST":
        run_service(request, lambda: services.deactivate_juror(juror=juror, by=request.user),
                    success=lambda change: " ".join([
                        _("%(name)s no longer judges.") % {"name": juror.display_name},
                        moved_message(change)]))
        return _back(juror)
    return render(request, "judging/juror_seat_confirm.html", {
        "contest": juror.contest, "juror": juror, "action": "deactivate",
        "work": open_work_of(juror=juror)})


@object_permission_required(MANAGE, juror_from_url)
def reactivate(request, juror: Juror):
    """GET: the choice to rebalance now; POST: put the juror back on the jury."""
    form = ReactivateJurorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run_service(request, lambda: services.reactivate_juror(
            juror=juror, by=request.user, rebalance=form.cleaned_data["rebalance"],
        ), success=lambda change: " ".join([
            _("%(name)s judges again.") % {"name": juror.display_name},
            moved_message(change)]))
        return _back(juror)
    return render(request, "judging/juror_seat_confirm.html", {
        "contest": juror.contest, "juror": juror, "action": "reactivate", "form": form})
