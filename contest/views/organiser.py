"""Organiser pages: the contests at a glance, one contest's counts and flags, one entry."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from .. import rules
from ..enums import EntryStatus
from ..models import Contest, Entry
from ..selectors import contest_stats, credentialed_videos, duplicate_videos, replaced_videos
from ..verdicts import describe

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
        {"contest": contest, "stats": stats, "status_rows": status_rows,
         "duplicates": duplicate_videos(contest=contest),
         "credentialed": credentialed_videos(contest=contest)},
    )


@login_required
def organiser_entry(request, slug: str, pk: int):
    """One entry as organisers see it: its film's verdict, duplicates and claimed generator."""
    _require_organiser(request)
    entry = get_object_or_404(
        Entry.objects.select_related("contest", "category", "entrant"), pk=pk, contest__slug=slug
    )
    video = (entry.videos.filter(is_current=True)
             .select_related("duplicate_of__entry").first())
    copies = (list(video.duplicates.filter(is_current=True).select_related("entry"))
              if video else [])
    return render(request, "contest/organiser/entry.html", {
        "contest": entry.contest, "entry": entry, "video": video, "copies": copies,
        "reasons": describe(video.reasons) if video else [],
        "replaced": replaced_videos(entry=entry),
    })
