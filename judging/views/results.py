"""The organiser's results page of one round."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from core.permissions import object_permission_required

from ..access import round_from_url
from ..enums import AggregationMethod
from ..forms.rounds import ResultsQueryForm
from ..models import Round
from ..selectors.rounds import results_for_round

# A full round ranks thousands of entries: 3,680 rows made a 480 KB page that took seconds.
RANKING_PAGE_SIZE = 100


@object_permission_required("judging.view_results", round_from_url)
def results(request, round: Round):
    method, cut = ResultsQueryForm(request.GET).query()
    data = results_for_round(round=round, method=method, cut=cut)
    page = Paginator(data.ranking, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "judging/results.html", {
        "contest": round.contest, "round": round, "results": data, "page": page,
        "methods": AggregationMethod.choices,
    })
