"""The organiser's results page of one round."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from core.permissions import object_permission_required

from ..access import round_from_url
from ..enums import AggregationMethod
from ..models import Round
from ..selectors.rounds import RANKING_PAGE_SIZE, results_for_round


@object_permission_required("judging.view_results", round_from_url)
def results(request, round: Round):
    data = results_for_round(round=round, method=request.GET.get("method",
                                                                 AggregationMethod.ZSCORE))
    page = Paginator(data.ranking, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "judging/results.html", {
        "contest": round.contest, "round": round, "results": data, "page": page,
        "methods": AggregationMethod.choices,
    })
