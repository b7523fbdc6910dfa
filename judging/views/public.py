"""Public pages of the judging app: only published results, never anything before."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from contest.enums import MaterialKind, MaterialStatus
from contest.models import Contest, EntryMaterial, Video
from contest.selectors import PUBLIC_LEVELS, questions_with_categories, shown_answers

from ..selectors.awards import published_winners


def poster_url(video: Video | None) -> str | None:
    """The poster through the media view, which lets anyone see a published winner's poster."""
    if video is None or not video.poster:
        return None
    return reverse("contest:video-poster", kwargs={"video_id": video.pk})


def attach_posters(placements) -> None:
    """Set ``placement.poster_url``: the entrant's own poster when it passed its check, else
    the frame taken from the current video (two queries)."""
    entry_ids = [placement.entry_id for placement in placements]
    videos = {
        video.entry_id: video
        for video in Video.objects.filter(entry_id__in=entry_ids, is_current=True).only(
            "id", "entry_id", "poster"
        )
    }
    posters = {
        material.entry_id: reverse("contest:material-thumbnail",
                                   kwargs={"material_id": material.pk})
        for material in EntryMaterial.objects.filter(
            entry_id__in=entry_ids, kind=MaterialKind.POSTER, status=MaterialStatus.VALID,
        ).exclude(thumbnail="").only("id", "entry_id")
    }
    for placement in placements:
        placement.poster_url = (posters.get(placement.entry_id)
                                or poster_url(videos.get(placement.entry_id)))


def attach_public_answers(placements, *, contest: Contest) -> None:
    """Set ``placement.public_answers``: the answers to questions the organisers publish with
    the winners, of the entry's category (two queries, none without winners)."""
    questions = questions_with_categories(contest=contest) if placements else []
    for placement in placements:
        entry = placement.entry
        placement.public_answers = shown_answers(questions, entry.answers, contest=contest,
                                                 levels=PUBLIC_LEVELS,
                                                 category_id=entry.category_id)


def winners(request, slug: str):
    contest = get_object_or_404(Contest, slug=slug)
    if not request.user.has_perm("judging.view_winners", contest):
        # Before publication the page does not exist, for everyone.
        raise Http404
    placements = published_winners(contest=contest)
    attach_posters(placements)
    attach_public_answers(placements, contest=contest)
    return render(request, "judging/winners.html", {"contest": contest, "placements": placements})
