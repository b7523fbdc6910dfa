"""Pages anyone may see: the contests and one contest's landing page."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Contest
from ..selectors import open_contests


def home(request):
    contests = open_contests()
    return render(request, "contest/home.html", {"contests": contests, "now": timezone.now()})


def contest_detail(request, slug: str):
    """Anyone may read a contest's page, opened or not; its team sees a preview banner on it
    until it opens."""
    contest = get_object_or_404(Contest.objects.prefetch_related("categories"), slug=slug)
    now = timezone.now()
    preview = now < contest.opens_at and request.user.has_perm("contest.preview_contest", contest)
    return render(request, "contest/contest_detail.html",
                  {"contest": contest, "now": now, "preview": preview})
