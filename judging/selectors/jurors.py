"""Reads for the organisers' jury page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from contest.models import Contest

from ..models import Juror, JurorInvitation


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
