"""Organiser pages: the contests at a glance, one contest's counts and flags, one entry.

Each contest's pages ask ``contest.manage_contest`` on the contest named by the URL; the list of
every contest asks ``contest.access_organiser_area``, having no one contest to ask about.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from accounts.rules import organisations_with_role
from core.permissions import no_object, object_permission_required

from ..access import contest_from_url
from ..enums import EntryStatus
from ..models import Contest, Entry
from ..rules import CREATES_CONTESTS
from ..selectors import (
    contest_stats,
    credentialed_videos,
    duplicate_videos,
    questions_with_categories,
    replaced_videos,
    shown_answers,
)
from ..services.answers import ineligibilities
from ..verdicts import describe
from .materials import materials_context

RECEIVED = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


@object_permission_required("contest.access_organiser_area", no_object)
def organiser_home(request, _nothing: None):
    # One query however many contests and entries: the counts are aggregated in the database.
    contests = Contest.objects.filter(organisation__memberships__user=request.user).annotate(
        received=Count("entries", filter=Q(entries__status__in=RECEIVED)),
        drafts=Count("entries", filter=Q(entries__status=EntryStatus.DRAFT)),
        countries=Count(
            "entries__entrant__country",
            filter=Q(entries__status__in=RECEIVED) & ~Q(entries__entrant__country=""),
            distinct=True,
        ),
    ).order_by("-opens_at")
    may_create = bool(organisations_with_role(request.user, *CREATES_CONTESTS))
    return render(request, "contest/organiser/home.html",
                  {"contests": contests, "may_create": may_create})


@object_permission_required("contest.manage_contest", contest_from_url)
def organiser_contest(request, contest: Contest):
    stats = contest_stats(contest=contest)
    status_rows = [(EntryStatus(status), count) for status, count in stats.by_status.items()]
    return render(
        request,
        "contest/organiser/contest.html",
        {"contest": contest, "stats": stats, "status_rows": status_rows,
         "duplicates": duplicate_videos(contest=contest),
         "credentialed": credentialed_videos(contest=contest)},
    )


@object_permission_required("contest.manage_contest", contest_from_url)
def organiser_entry(request, contest: Contest, pk: int):
    """One entry as organisers see it: its film's verdict, duplicates and claimed generator."""
    entry = get_object_or_404(
        Entry.objects.select_related("contest", "category", "entrant"), pk=pk, contest=contest
    )
    video = (entry.videos.filter(is_current=True)
             .select_related("duplicate_of__entry").first())
    questions = questions_with_categories(contest=contest)
    copies = (list(video.duplicates.filter(is_current=True).select_related("entry"))
              if video else [])
    return render(request, "contest/organiser/entry.html", {
        "contest": entry.contest, "entry": entry, "video": video, "copies": copies,
        "reasons": describe(video.reasons) if video else [],
        "replaced": replaced_videos(entry=entry),
        # Organisers read every answer, archived questions' too.
        "answers": shown_answers(questions, entry.answers, contest=entry.contest),
        "ineligibilities": ineligibilities(
            [question for question in questions if question.archived_at is None],
            entry.answers, entry.category_id),
        **materials_context(entry, list(entry.materials.all()), can_edit=False),
    })
