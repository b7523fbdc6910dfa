"""The organiser's results page of one round."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import run_service
from core.permissions import object_permission_required

from ..access import round_from_url
from ..enums import AggregationMethod, TieBreak
from ..forms.rounds import ResultsQueryForm
from ..models import Round
from ..selectors.rounds import RANKING_PAGE_SIZE, results_for_round
from ..services.results import set_ranking_method, set_tie_break
from ..tiebreak import steps


@object_permission_required("judging.view_results", round_from_url)
def results(request, round: Round):
    method, cut = ResultsQueryForm(request.GET).query()
    data = results_for_round(round=round, method=method, cut=cut)
    page = Paginator(data.ranking, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "judging/results.html", {
        "contest": round.contest, "round": round, "results": data, "page": page,
        "methods": AggregationMethod.choices, "tie_break_steps": steps(round.tie_break),
        "tie_breaks": TieBreak.choices,
        "may_change_tie_break": request.user.has_perm("judging.manage_rounds", round),
        "round_method_label": AggregationMethod(round.ranking_method).label,
    })


@require_POST
@object_permission_required("judging.manage_rounds", round_from_url)
def tie_break(request, round: Round):
    run_service(request, lambda: set_tie_break(round=round, rule=request.POST.get("tie_break", ""),
                                               by=request.user),
                success=_("The tie-break rule is saved; the ranking follows it."))
    return redirect("judging:organiser_results", contest_slug=round.contest.slug,
                    round_id=round.pk)


@require_POST
@object_permission_required("judging.manage_rounds", round_from_url)
def ranking_method(request, round: Round):
    method = request.POST.get("ranking_method", "")
    run_service(request, lambda: set_ranking_method(round=round, method=method, by=request.user),
                success=_("The round's ranking method is saved; the awards page, advancement "
                          "and the result exports follow it."))
    return redirect("judging:organiser_results", contest_slug=round.contest.slug,
                    round_id=round.pk)
