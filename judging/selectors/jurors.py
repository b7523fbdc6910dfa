"""Reads for the organisers' jury page."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from contest.models import Contest

from ..enums import RoundStatus, ScoreStatus
from ..models import Juror, JurorInvitation, Round


def jury_of_contest(*, contest: Contest) -> QuerySet[Juror]:
    """The contest's jurors, active first, with their conflict and assignment counts."""
    return (
        Juror.objects.filter(contest=contest)
        .select_related("user")
        .annotate(conflict_count=Count("conflicts", distinct=True),
                  assignment_count=Count("assignments", distinct=True))
        .order_by("-is_active", "user__name_latin", "user__email")
    )


def open_invitations(*, contest: Contest) -> QuerySet[JurorInvitation]:
    """Invitations not accepted yet, newest first."""
    return JurorInvitation.objects.filter(
        contest=contest, accepted_at__isnull=True
    ).select_related("invited_by").order_by("-created_at")


def open_work_of(*, juror: Juror) -> QuerySet[Round]:
    """The rounds being judged where the juror holds work, each annotated with ``unscored``
    (moves to other jurors when the seat is deactivated), ``drafts`` (stay, frozen) and
    ``submitted`` (stay and count). One query."""
    mine = Q(assignments__juror=juror)
    return (
        Round.objects.filter(contest_id=juror.contest_id,
                             status__in=(RoundStatus.DRAFT, RoundStatus.OPEN))
        .annotate(
            unscored=Count("assignments", filter=mine & Q(assignments__score__isnull=True)),
            drafts=Count("assignments",
                         filter=mine & Q(assignments__score__status=ScoreStatus.DRAFT)),
            submitted=Count("assignments",
                            filter=mine & Q(assignments__score__status=ScoreStatus.SUBMITTED)),
        )
        .filter(Q(unscored__gt=0) | Q(drafts__gt=0) | Q(submitted__gt=0))
        .order_by("order")
    )
