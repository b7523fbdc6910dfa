"""The retention dry run: what the daily run would purge and anonymise, before it happens."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import object_permission_required

from ..access import contest_from_url
from ..models import Contest
from ..services.retention import retention_plan


@object_permission_required("contest.manage_contest", contest_from_url)
@require_GET
def contest_retention(request, contest: Contest):
    return render(request, "contest/organiser/retention.html",
                  {"contest": contest, "plan": retention_plan(contest=contest)})
