"""Reads for the juror's dashboard, shared by the pages and the API.

Each selector fetches what its screen shows in a fixed number of queries, whatever
the number of assignments: joins for one-to-one data, one prefetch per collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from contest.enums import MaterialKind, MaterialStatus, VideoStatus
from contest.models import EntryMaterial, Video

from ..enums import ScoreStatus
from ..models import Assignment, Criterion, Juror, Round
from ..rules import VISIBLE_ROUND_STATUSES, Phase, round_phase, score_of


class QueueFilter:
    """The juror's status filter: what is left, what is in draft, what is done."""

    TODO = "todo"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHOICES = [
        (TODO, pgettext_lazy("queue filter", "To do")),
        (DRAFT, pgettext_lazy("queue filter", "Draft")),
        (SUBMITTED, pgettext_lazy("queue filter", "Submitted")),
    ]
    Q = {
        TODO: Q(score__isnull=True),
        DRAFT: Q(score__status=ScoreStatus.DRAFT),
        SUBMITTED: Q(score__status=ScoreStatus.SUBMITTED),
    }


@dataclass(frozen=True)
class RoundProgress:
    round: Round
    total: int
    drafts: int
    submitted: int

    @property
    def todo(self) -> int:
        return self.total - self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 100

    @property
    def phase(self) -> Phase:
        return round_phase(self.round)

    @property
    def deadline(self) -> datetime:
        return self.round.deadline

    @property
    def time_left(self):
        return max(self.round.deadline - timezone.now(), timedelta(0))


def juror_seats(*, user) -> QuerySet[Juror]:
    return Juror.objects.filter(user=user, is_active=True).select_related("contest")


def organisations_requiring_two_factor(user, organisation_id: int | None = None) -> list[int]:
    """The organisations that require a second factor of their jurors and in whose contests
    ``user`` holds a seat (only ``organisation_id`` when given). One query."""
    seats = Juror.objects.filter(user=user, is_active=True,
                                 contest__organisation__two_factor_for_jurors=True)
    if organisation_id is not None:
        seats = seats.filter(contest__organisation_id=organisation_id)
    return list(seats.values_list("contest__organisation_id", flat=True).distinct())


DRAFT, SUBMITTED = ScoreStatus.DRAFT, ScoreStatus.SUBMITTED


def rounds_with_progress(*, user, round_id: int | None = None) -> list[RoundProgress]:
    """The rounds where ``user`` has assignments, each with their own progress. One query."""
    mine = Q(assignments__juror__user=user, assignments__juror__is_active=True)
    rounds = (
        Round.objects.filter(mine, status__in=VISIBLE_ROUND_STATUSES)
        .select_related("contest")
        .annotate(
            total=Count("assignments", filter=mine),
            drafts=Count("assignments", filter=mine & Q(assignments__score__status=DRAFT)),
            done=Count("assignments", filter=mine & Q(assignments__score__status=SUBMITTED)),
        )
        .order_by("-contest__opens_at", "contest_id", "order")
        .distinct()
    )
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    return [RoundProgress(r, r.total, r.drafts, r.done) for r in rounds]


def _current_videos() -> Prefetch:
    return Prefetch(
        "entry__videos",
        queryset=Video.objects.filter(is_current=True).only(
            "id", "entry_id", "status", "poster", "preview", "is_current"
        ),
        to_attr="current_videos",
    )


def assignments_for_juror(
    *, user, round_id: int | None = None, status: str | None = None
) -> QuerySet[Assignment]:
    """The juror's assignments in visible rounds, with entry, category and own score joined.

    Never joins the entrant, credits or other jurors' scores: nothing here can leak them.
    """
    queryset = (
        Assignment.objects.filter(
            juror__user=user, juror__is_active=True, round__status__in=VISIBLE_ROUND_STATUSES
        )
        .select_related("round__contest", "entry__category", "score", "juror")
        .defer("entry__synopsis_original", "entry__synopsis_english")
        .order_by("round__order", "entry__code", "pk")
    )
    if round_id is not None:
        queryset = queryset.filter(round_id=round_id)
    if status in QueueFilter.Q:
        queryset = queryset.filter(QueueFilter.Q[status])
    return queryset


def assignment_for_juror(*, user, assignment_id: int) -> Assignment | None:
    """One assignment of ``user`` with what the scoring page shows, or None if not theirs."""
    return (
        Assignment.objects.filter(
            pk=assignment_id, juror__user=user, round__status__in=VISIBLE_ROUND_STATUSES
        )
        .select_related("round__contest", "entry__category", "score", "juror")
        .prefetch_related(
            Prefetch("round__criteria", queryset=Criterion.objects.order_by("order", "pk")),
            _current_videos(),
            _checked_materials(),
        )
        .first()
    )


def _checked_materials() -> Prefetch:
    # Checked files only, and not the entrant's file names, which may carry their name.
    return Prefetch(
        "entry__materials",
        queryset=EntryMaterial.objects.filter(status=MaterialStatus.VALID)
        .only("id", "entry_id", "kind", "language", "status", "file", "thumbnail")
        .order_by("created_at", "pk"),
        to_attr="checked_materials",
    )


def material_urls(assignment: Assignment) -> dict:
    """The entry's poster, stills, subtitle tracks and documents as the juror fetches them.

    Subtitles in the juror's own languages come first, so the player picks one of them by
    default; the media view checks the juror's assignment on every file."""
    materials = getattr(assignment.entry, "checked_materials", None) or []
    spoken = [code.split("-")[0] for code in (assignment.juror.languages or [])]

    def url(material, part="file"):
        return reverse(f"contest:material-{part}", kwargs={"material_id": material.pk})

    def rank(material):
        base = material.language.split("-")[0]
        return (spoken.index(base) if base in spoken else len(spoken), material.language)

    subtitles = sorted((m for m in materials if m.kind == MaterialKind.SUBTITLE), key=rank)
    return {
        "poster": next((url(m) for m in materials if m.kind == MaterialKind.POSTER), None),
        "stills": [{"file": url(m), "thumbnail": url(m, "thumbnail")}
                   for m in materials if m.kind == MaterialKind.STILL],
        "subtitles": [{"url": url(m), "language": m.language,
                       "label": m.get_language_display(), "default": i == 0}
                      for i, m in enumerate(subtitles)],
        "documents": [url(m) for m in materials if m.kind == MaterialKind.DOCUMENT],
    }


def own_assignment(*, user, assignment_id: int) -> Assignment | None:
    """One assignment of ``user`` in a visible round, without the page's extras."""
    return (
        Assignment.objects.filter(
            pk=assignment_id, juror__user=user, round__status__in=VISIBLE_ROUND_STATUSES
        )
        .select_related("round", "juror")
        .first()
    )


def neighbours(*, user, assignment: Assignment) -> dict[str, int | None]:
    """The previous and next assignment of the same round, and the next one still to do."""
    base = assignments_for_juror(user=user, round_id=assignment.round_id)
    code = assignment.entry.code
    ids = base.values_list("pk", flat=True)
    previous = ids.filter(
        Q(entry__code__lt=code) | Q(entry__code=code, pk__lt=assignment.pk)
    ).order_by("-entry__code", "-pk").first()
    following = ids.filter(
        Q(entry__code__gt=code) | Q(entry__code=code, pk__gt=assignment.pk)
    ).first()
    next_todo = (
        ids.exclude(pk=assignment.pk)
        .filter(Q(score__isnull=True) | Q(score__status=ScoreStatus.DRAFT))
        .first()
    )
    return {"previous": previous, "next": following, "next_todo": next_todo}


def current_video(assignment: Assignment) -> Video | None:
    videos = getattr(assignment.entry, "current_videos", None) or []
    return videos[0] if videos else None




def queue_status(assignment: Assignment) -> str:
    score = score_of(assignment)
    if score is None:
        return QueueFilter.TODO
    return QueueFilter.SUBMITTED if score.status == ScoreStatus.SUBMITTED else QueueFilter.DRAFT


def video_urls(video: Video | None) -> dict[str, str | None]:
    """Where the browser fetches the film and its poster; the media views check permission.

    Only the preview, never the original: the entrant's file keeps every tag they left in it
    (artist, comment, copyright), and jurors judge blind. No preview yet, no film.
    """
    if video is None or video.status != VideoStatus.VALID:
        return {"preview": None, "poster": None}
    film = "contest:video-preview" if video.preview else None
    poster = "contest:video-poster" if video.poster else None
    return {"preview": film and _media_url(film, video),
            "poster": poster and _media_url(poster, video)}


def _media_url(name: str, video: Video) -> str | None:
    try:
        return reverse(name, kwargs={"video_id": video.pk})
    except NoReverseMatch:  # media serving not installed
        return None


def entrant_country(assignment: Assignment) -> str | None:
    """The entrant's country when the contest shows it to jurors, else None (one query)."""
    if assignment.round.contest.hide_country_from_jurors:
        return None
    from accounts.models import User

    return User.objects.filter(pk=assignment.entry.entrant_id).values_list(
        "country", flat=True
    ).first() or None
