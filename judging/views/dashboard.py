from django.shortcuts import render

from contest.access import contest_from_url
from contest.models import Contest
from core.permissions import object_permission_required

from ..presenters.dashboard import dashboard_figures
from ..presenters.results_table import ResultFilters, results_table
from ..selectors.results_cache import entries_fingerprint


@object_permission_required("judging.view_dashboard", contest_from_url)
def dashboard(request, contest: Contest):
    filters = ResultFilters.from_query(request.GET)
    fingerprint = entries_fingerprint(contest=contest)  # read once for both
    context = dashboard_figures(contest=contest, fingerprint=fingerprint)
    context.update({
        "contest": contest,
        "filters": filters,
        "table": results_table(contest=contest, filters=filters, fingerprint=fingerprint),
    })
    return render(request, "judging/dashboard.html", context)
