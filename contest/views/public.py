"""Pages anyone may see: the contests and one contest's landing page."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Contest
from ..selectors import open_contests


def home(request):
    contests = open_contests()
    return render(request, "contest/home.html", {"contests": contests, "now": timezone.now()})


def contest_detail(request, slug: str):
    contest = get_object_or_404(Contest.objects.prefetch_related("categories"), slug=slug)
    return render(
        request, "contest/contest_detail.html", {"contest": contest, "now": timezone.now()}
    )
