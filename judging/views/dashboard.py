from django.shortcuts import render

from contest.access import contest_from_url
from contest.models import Contest
from core.permissions import object_permission_required

from ..presenters.dashboard import dashboard_figures
from ..presenters.results_table import ResultFilters, results_table


@object_permission_required("judging.view_dashboard", contest_from_url)
def dashboard(request, contest: Contest):
    filters = ResultFilters.from_query(request.GET)
    context = dashboard_figures(contest=contest)
    context.update({
        "contest": contest,
        "filters": filters,
        "table": results_table(contest=contest, filters=filters),
    })
    return render(request, "judging/dashboard.html", context)
