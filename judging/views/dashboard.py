from django.shortcuts import render

from contest.models import Contest

from ..presenters.dashboard import dashboard_figures
from ..presenters.results_table import ResultFilters, results_table
from .organiser_access import organiser_contest


@organiser_contest("judging.manage_awards")
def dashboard(request, contest: Contest):
    filters = ResultFilters.from_query(request.GET)
    context = dashboard_figures(contest=contest)
    context.update({
        "contest": contest,
        "filters": filters,
        "table": results_table(contest=contest, filters=filters),
    })
    return render(request, "judging/dashboard.html", context)
