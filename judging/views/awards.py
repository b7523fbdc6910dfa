"""Organiser pages for awards: assign from the ranked results, lock, publish, export."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.access import contest_from_url
from contest.models import Contest, Entry
from core.pages import run_service
from core.permissions import object_permission_required

from ..api.views.awards import export_response
from ..exports import EXPORT_FORMATS, EXPORT_KINDS
from ..forms.awards import AssignForm, AwardForm, PlacementForm
from ..models import AwardPlacement
from ..presenters.results_table import ResultFilters, results_table
from ..selectors.awards import (
    awards_with_placements,
    indistinct_places,
    multiple_award_flags,
    tie_flags,
)
from ..selectors.ranking import Ranking, final_ranking
from ..services import awards as award_services
from ..services.publication import publish_results

MANAGE = "judging.manage_awards"


def _flags(contest: Contest, awards, ranking: Ranking) -> list[dict]:
    placements = [placement for award in awards for placement in award.placement_list]
    codes = {placement.entry_id: placement.entry.code for placement in placements}
    flags = tie_flags(ranking, placed=set(codes)) + multiple_award_flags(placements)
    if any(flag.kind == "tie" for flag in flags):
        others = {i for flag in flags if flag.kind == "tie" for i in flag.others}
        codes.update(Entry.objects.filter(pk__in=others).values_list("pk", "code"))
    names = {award.pk: award.name for award in awards}
    return [
        {
            "kind": flag.kind,
            "code": codes[flag.entry_id],
            "others": [codes.get(i, "") for i in flag.others] if flag.kind == "tie"
            else [names[i] for i in flag.others],
        }
        for flag in flags
    ]


@object_permission_required(MANAGE, contest_from_url)
def awards_page(request, contest: Contest):
    awards = awards_with_placements(contest=contest)
    filters = ResultFilters.from_query(request.GET)
    ranking = final_ranking(contest=contest)  # read once: the table and the flags share it
    table = results_table(contest=contest, filters=filters, ranking=ranking)
    close = indistinct_places(ranking, [p for award in awards for p in award.placement_list])
    for award in awards:
        award.edit_form = AwardForm(contest=contest, instance=award)
        for placement in award.placement_list:
            placement.indistinct_from = close.get(placement.pk, [])
        # Under ex aequo every place stays open: another entry may share it.
        taken = set() if award.allow_ex_aequo else {p.place for p in award.placement_list}
        award.free_places = [place for place in range(1, award.places + 1) if place not in taken]
    return render(request, "judging/awards.html", {
        "contest": contest,
        "awards": awards,
        "flags": _flags(contest, awards, ranking),
        "table": table,
        "filters": filters,
        "award_form": AwardForm(contest=contest),
        "locked": contest.awards_locked_at is not None,
        "exports": [(what, fmt) for what in EXPORT_KINDS for fmt in EXPORT_FORMATS],
    })


def _done(request, contest: Contest, action):
    """Run a service call; show its refusal as a message; back to the awards page."""
    run_service(request, action, success=_("Saved."))
    return redirect("judging:awards", slug=contest.slug)


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def award_create(request, contest: Contest):
    form = AwardForm(request.POST, contest=contest)
    if not form.is_valid():
        messages.error(request, _("Check the award's fields: %(errors)s") % {
            "errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        })
        return redirect("judging:awards", slug=contest.slug)
    return _done(request, contest, lambda: award_services.create_award(
        contest=contest, by=request.user, translations=form.texts(),
        **{field: form.cleaned_data[field] for field in AwardForm.Meta.fields}))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def award_update(request, contest: Contest, award_id: int):
    award = get_object_or_404(contest.awards, pk=award_id)
    form = AwardForm(request.POST, contest=contest, instance=award)
    if not form.is_valid():
        messages.error(request, _("Check the award's fields."))
        return redirect("judging:awards", slug=contest.slug)
    return _done(request, contest, lambda: award_services.update_award(
        award=award, by=request.user, **form.values()))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def award_delete(request, contest: Contest, award_id: int):
    award = get_object_or_404(contest.awards, pk=award_id)
    return _done(request, contest, lambda: award_services.delete_award(
        award=award, by=request.user))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def award_assign(request, contest: Contest):
    form = AssignForm(request.POST, contest=contest)
    if not form.is_valid():
        messages.error(request, form.problem())
        return redirect("judging:awards", slug=contest.slug)
    award = get_object_or_404(contest.awards, pk=form.cleaned_data["award"])
    return _done(request, contest, lambda: award_services.assign_award(
        award=award, place=form.cleaned_data["place"], entry=form.cleaned_data["entry"],
        by=request.user, notes=form.cleaned_data["notes"]))


def _placement(contest: Contest, placement_id: int) -> AwardPlacement:
    return get_object_or_404(
        AwardPlacement.objects.select_related("award", "entry"),
        pk=placement_id, award__contest=contest,
    )


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def placement_update(request, contest: Contest, placement_id: int):
    placement = _placement(contest, placement_id)
    form = PlacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the notes and the screening order."))
        return redirect("judging:awards", slug=contest.slug)
    return _done(request, contest, lambda: award_services.update_placement(
        placement=placement, by=request.user, **form.cleaned_data))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def placement_remove(request, contest: Contest, placement_id: int):
    placement = _placement(contest, placement_id)
    return _done(request, contest, lambda: award_services.unassign_award(
        placement=placement, by=request.user))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def awards_lock(request, contest: Contest):
    return _done(request, contest, lambda: award_services.lock_awards(
        contest=contest, by=request.user))


@require_POST
@object_permission_required(MANAGE, contest_from_url)
def results_publish(request, contest: Contest):
    return _done(request, contest, lambda: publish_results(contest=contest, by=request.user))


@object_permission_required("judging.export_results", contest_from_url)
def export_download(request, contest: Contest, what: str, fmt: str):
    if what not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise Http404
    return export_response(contest=contest, what=what, fmt=fmt)
