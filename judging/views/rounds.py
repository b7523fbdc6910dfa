"""Organiser pages for rounds: create, fill, assign, adjust, open, close and advance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.models import Contest, Entry
from core.errors import ContestError

from ..forms.rounds import AdvanceForm, ManualAssignmentForm, RoundForm
from ..models import Assignment, Round
from ..selectors.rounds import rounds_with_progress
from ..services import rounds as services


def organiser_contest(request, slug: str) -> Contest:
    """The contest, once the user is known to manage rounds (else 403)."""
    if not request.user.has_perm("judging.manage_rounds"):
        raise PermissionDenied
    return get_object_or_404(Contest, slug=slug)


def organiser_round(request, slug: str, round_id: int) -> Round:
    contest = organiser_contest(request, slug)
    return get_object_or_404(Round.objects.select_related("contest"), pk=round_id,
                             contest=contest)


@login_required
def rounds(request, contest_slug: str):
    contest = organiser_contest(request, contest_slug)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_round(
                contest=contest, name=data["name"], kind=data["kind"],
                deadline=data["deadline"], jurors_per_entry=data["jurors_per_entry"],
                criteria=data["criteria"], scale_min=data["scale_min"],
                scale_max=data["scale_max"], by=request.user,
            )
        except ContestError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The round was created."))
            return redirect("judging:organiser_rounds", contest_slug=contest.slug)
    round_list = list(rounds_with_progress(contest=contest).prefetch_related("criteria"))
    return render(request, "judging/rounds.html", {
        "contest": contest, "form": form, "rounds": round_list,
        "advance_form": AdvanceForm(contest=contest, prefix="advance"),
        "manual_form": ManualAssignmentForm(contest=contest, prefix="manual"),
    })


def _run(request, action: str, round: Round) -> str:
    if action == "entries":
        added = services.add_eligible_entries(round=round, by=request.user)
        return _("%(count)s eligible entries were added.") % {"count": added}
    if action == "assign":
        run = services.run_assignment(round=round, by=request.user)
        return _(
            "Assignment done: %(created)s new, %(removed)s removed, %(kept)s kept; "
            "loads from %(low)s to %(high)s."
        ) % {"created": run.created, "removed": run.removed, "kept": run.kept,
             "low": run.quality.min_load, "high": run.quality.max_load}
    if action == "open":
        services.open_round(round=round, by=request.user)
        return _("The round is open.")
    services.close_round(round=round, by=request.user)
    return _("The round is closed.")


@login_required
@require_POST
def round_action(request, contest_slug: str, round_id: int, action: str):
    round = organiser_round(request, contest_slug, int(round_id))
    try:
        messages.success(request, _run(request, action, round))
    except ContestError as error:
        messages.error(request, str(error.message))
    return redirect("judging:organiser_rounds", contest_slug=contest_slug)


@login_required
@require_POST
def advance(request, contest_slug: str):
    contest = organiser_contest(request, contest_slug)
    form = AdvanceForm(request.POST, contest=contest, prefix="advance")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return redirect("judging:organiser_rounds", contest_slug=contest_slug)
    data = form.cleaned_data
    try:
        chosen = services.advance_entries(
            from_round=data["from_round"], to_round=data["to_round"], method=data["method"],
            top_n=data["top_n"], threshold=data["threshold"], by=request.user,
        )
    except ContestError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(count)s entries advanced to %(round)s.")
                         % {"count": len(chosen), "round": data["to_round"]})
    return redirect("judging:organiser_rounds", contest_slug=contest_slug)


@login_required
@require_POST
def manual_assignment(request, contest_slug: str):
    contest = organiser_contest(request, contest_slug)
    form = ManualAssignmentForm(request.POST, contest=contest, prefix="manual")
    if not form.is_valid():
        messages.error(request, _("Choose a round, an entry code and a juror."))
        return redirect("judging:organiser_rounds", contest_slug=contest_slug)
    data = form.cleaned_data
    round = data["round"]
    entry = Entry.objects.filter(contest=round.contest,
                                 code=data["entry_code"].strip().upper()).first()
    try:
        if entry is None:
            raise ContestError(_("No entry has this code."), code="not_found")
        if data["action"] == ManualAssignmentForm.ADD:
            services.add_assignment(round=round, entry=entry, juror=data["juror"],
                                    by=request.user)
        else:
            assignment = Assignment.objects.filter(round=round, entry=entry,
                                                   juror=data["juror"]).first()
            if assignment is None:
                raise ContestError(_("This juror does not have this entry."), code="not_found")
            services.remove_assignment(assignment=assignment, by=request.user)
    except ContestError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The assignment was changed."))
    return redirect("judging:organiser_rounds", contest_slug=contest_slug)
