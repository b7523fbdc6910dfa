"""Organiser pages: the contests at a glance and one contest's counts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from .. import rules
from ..enums import EntryStatus
from ..models import Contest
from ..selectors import contest_stats

RECEIVED = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


def _require_organiser(request) -> None:
    if not rules.is_organiser(request.user):
        raise PermissionDenied


@login_required
def organiser_home(request):
    _require_organiser(request)
    # One query however many contests and entries: the counts are aggregated in the database.
    contests = Contest.objects.annotate(
        received=Count("entries", filter=Q(entries__status__in=RECEIVED)),
        drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT)),
        countries=Count(
            "entries__entrant__country",
            filter=Q(entries__status__in=RECEIVED) & ~Q(entries__entrant__country=""),
            distinct=True,
        ),
    ).order_by("-opens_at")
    return render(request, "contest/organiser/home.html", {"contests": contests})


@login_required
def organiser_contest(request, slug: str):
    _require_organiser(request)
    contest = get_object_or_404(Contest, slug=slug)
    stats = contest_stats(contest=contest)
    status_rows = [(EntryStatus(status), count) for status, count in stats.by_status.items()]
    return render(
        request,
        "contest/organiser/contest.html",
        {"contest": contest, "stats": stats, "status_rows": status_rows},
    )
