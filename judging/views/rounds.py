"""Organiser pages for rounds: create, fill, assign, adjust, open, close and advance."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contest.access import contest_from_url
from contest.models import Contest
from core.pages import run_service
from core.permissions import object_permission_required

from ..access import round_from_url
from ..forms.round_jury import RoundJuryForm
from ..forms.rounds import AdvanceForm, CriterionTextsForm, ManualAssignmentForm, RoundForm
from ..models import Criterion, Round
from ..selectors.rounds import rounds_with_progress
from ..services import round_jury, round_languages
from ..services import rounds as services
from ..services.texts import set_criterion_texts

MANAGE = "judging.manage_rounds"


def _back(contest: Contest):
    return redirect("judging:organiser_rounds", contest_slug=contest.slug)


@object_permission_required(MANAGE, contest_from_url)
def rounds(request, contest: Contest):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(request, lambda: services.create_round(
            contest=contest, name=data["name"], kind=data["kind"], deadline=data["deadline"],
            jurors_per_entry=data["jurors_per_entry"], criteria=data["criteria"],
            scale_min=data["scale_min"], scale_max=data["scale_max"],
            language_rule=data["language_rule"], by=request.user,
        ), success=_("The round was created."), form=form)
        if outcome.ok:
            return _back(contest)
    round_list = list(rounds_with_progress(contest=contest).prefetch_related("criteria"))
    for round_ in round_list:
        round_.criterion_forms = [CriterionTextsForm(contest=contest, criterion=criterion)
                                  for criterion in round_.criteria.all()]
    return render(request, "judging/rounds.html", {
        "contest": contest, "form": form, "rounds": round_list,
        "advance_form": AdvanceForm(contest=contest, prefix="advance"),
        "manual_form": ManualAssignmentForm(contest=contest, prefix="manual"),
    })


def _assignment_done(run: services.AssignmentRun) -> str:
    return _(
        "Assignment done: %(created)s new, %(removed)s removed, %(kept)s kept; "
        "loads from %(low)s to %(high)s."
    ) % {"created": run.created, "removed": run.removed, "kept": run.kept,
         "low": run.quality.min_load, "high": run.quality.max_load}


@object_permission_required(MANAGE, contest_from_url)
@require_POST
def criterion_texts(request, contest: Contest, criterion_id: int):
    criterion = get_object_or_404(Criterion, pk=criterion_id, round__contest=contest)
    form = CriterionTextsForm(request.POST, contest=contest, criterion=criterion)
    if form.is_valid():
        run_service(request, lambda: set_criterion_texts(
            criterion=criterion, by=request.user, values=form.texts()),
            success=_("The criterion was saved."))
    else:
        messages.error(request, _("The criterion was not saved: %(errors)s") % {
            "errors": " ".join(str(error) for errors in form.errors.values()
                               for error in errors)})
    return _back(contest)


# The URL's action -> (service taking round and by, the message its result makes).
ROUND_ACTIONS = {
    "entries": (services.add_eligible_entries,
                lambda added: _("%(count)s eligible entries were added.") % {"count": added}),
    "assign": (services.run_assignment, _assignment_done),
    "open": (services.open_round, lambda _round: _("The round is open.")),
    "language-rule-on": (
        partial(round_languages.set_language_rule, required=True),
        lambda _round: _("Jurors are now only paired with films they can follow.")),
    "language-rule-off": (
        partial(round_languages.set_language_rule, required=False),
        lambda _round: _("The language rule is off: any juror may judge any film.")),
    "relax-languages": (
        round_languages.relax_language_rule,
        lambda count: ngettext(
            "Any juror may now judge %(count)s entry whose languages lack jurors; "
            "assign jurors again.",
            "Any juror may now judge %(count)s entries whose languages lack jurors; "
            "assign jurors again.", count) % {"count": count}),
    "close": (services.close_round, lambda _round: _("The round is closed.")),
}


@object_permission_required(MANAGE, round_from_url)
@require_POST
def round_action(request, round: Round, action: str):
    service, done = ROUND_ACTIONS[action]
    run_service(request, lambda: service(round=round, by=request.user), success=done)
    return _back(round.contest)


@object_permission_required(MANAGE, contest_from_url)
@require_POST
def advance(request, contest: Contest):
    form = AdvanceForm(request.POST, contest=contest, prefix="advance")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return _back(contest)
    data = form.cleaned_data
    run_service(request, lambda: services.advance_entries(
        from_round=data["from_round"], to_round=data["to_round"], method=data["method"] or None,
        top_n=data["top_n"], threshold=data["threshold"], by=request.user,
    ), success=lambda chosen: _("%(count)s entries advanced to %(round)s.")
        % {"count": len(chosen), "round": data["to_round"]})
    return _back(contest)


@object_permission_required(MANAGE, contest_from_url)
@require_POST
def manual_assignment(request, contest: Contest):
    form = ManualAssignmentForm(request.POST, contest=contest, prefix="manual")
    if not form.is_valid():
        messages.error(request, _("Choose a round, an entry code and a juror."))
        return _back(contest)
    data = form.cleaned_data
    run_service(request, lambda: services.change_assignment(
        round=data["round"], entry_code=data["entry_code"], juror=data["juror"],
        action=data["action"], by=request.user,
    ), success=_("The assignment was changed."))
    return _back(contest)


@object_permission_required(MANAGE, round_from_url)
def jury(request, round: Round):
    """Choose the round's jury and, within it, a panel per category."""
    form = RoundJuryForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: round_jury.set_round_jury(
            round=round, jurors=form.cleaned_data["jury"], panels=form.panels(), by=request.user,
        ), success=_("The jury was saved. Assign jurors again to apply it to the round."),
            form=form)
        if outcome.ok:
            return _back(round.contest)
    return render(request, "judging/round_jury.html", {
        "contest": round.contest, "round": round, "form": form,
    })
