"""The organisers' audit log: every judging and award action, newest first."""

from datetime import datetime, time

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from contest.access import contest_from_url
from contest.models import Contest
from core.models import AuditEvent
from core.permissions import object_permission_required

from ..forms.awards import AuditFilterForm

PAGE_SIZE = 50


def _filtered(contest: Contest, form: AuditFilterForm):
    events = AuditEvent.objects.for_scope(contest).select_related("actor")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["actor"]:
        events = events.filter(actor__email__icontains=data["actor"])
    if data["since"]:
        events = events.filter(
            created_at__gte=timezone.make_aware(datetime.combine(data["since"], time.min))
        )
    if data["until"]:
        events = events.filter(
            created_at__lte=timezone.make_aware(datetime.combine(data["until"], time.max))
        )
    return events


@object_permission_required("judging.view_audit_log", contest_from_url)
def audit_log(request, contest: Contest):
    form = AuditFilterForm(request.GET or None, contest=contest)
    events = _filtered(contest, form).order_by("-created_at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "judging/audit.html", {
        "contest": contest, "form": form, "page": page, "query": query.urlencode(),
    })
