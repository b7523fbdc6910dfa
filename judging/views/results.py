"""The organiser's results page of one round."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..enums import AggregationMethod
from ..selectors.rounds import results_for_round
from .rounds import organiser_round

# A full round ranks thousands of entries: 3,680 rows made a 480 KB page that took seconds.
RANKING_PAGE_SIZE = 100


@login_required
def results(request, contest_slug: str, round_id: int):
    round = organiser_round(request, contest_slug, round_id)
    data = results_for_round(round=round, method=request.GET.get("method",
                                                                 AggregationMethod.ZSCORE))
    page = Paginator(data.ranking, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "judging/results.html", {
        "contest": round.contest, "round": round, "results": data, "page": page,
        "methods": AggregationMethod.choices,
    })
