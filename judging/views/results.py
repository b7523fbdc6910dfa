"""The organiser's results page of one round."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..enums import AggregationMethod
from ..selectors import results_for_round
from .rounds import organiser_round


@login_required
def results(request, contest_slug: str, round_id: int):
    round = organiser_round(request, contest_slug, round_id)
    data = results_for_round(round=round, method=request.GET.get("method",
                                                                 AggregationMethod.ZSCORE))
    return render(request, "judging/results.html", {
        "contest": round.contest, "round": round, "results": data,
        "methods": AggregationMethod.choices,
    })
