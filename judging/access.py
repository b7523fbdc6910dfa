"""Object getters for the permission gate (``core.permissions``): URL arguments to objects."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from contest.access import contest_from_url

from .models import BulkMessage, FinalVote, Juror, Round


def round_from_url(request, kwargs: dict[str, Any]) -> Round:
    """The round named by the URL's ``round_id``, within the contest of its slug (else 404).

    Organiser permissions on a round are asked about its contest (``rules.contest_of``).
    """
    contest = contest_from_url(request, kwargs)
    return get_object_or_404(
        Round.objects.select_related("contest"), pk=kwargs.pop("round_id"), contest=contest
    )


def vote_from_url(request, kwargs: dict[str, Any]) -> FinalVote:
    """The final vote of the URL's ``vote_id`` within the contest of its slug (else 404)."""
    contest = contest_from_url(request, kwargs)
    return get_object_or_404(FinalVote.objects.select_related("contest", "award"),
                             pk=kwargs.pop("vote_id"), contest=contest)


def ballot_vote_from_url(request, kwargs: dict[str, Any]) -> FinalVote:
    """The final vote of the URL's ``vote_id``, for its jurors' ballot page (else 404)."""
    return get_object_or_404(FinalVote.objects.select_related("contest"),
                             pk=kwargs.pop("vote_id"))


def juror_from_url(request, kwargs: dict[str, Any]) -> Juror:
    """The juror seat of the URL's ``juror_id`` within the contest of its slug (else 404)."""
    contest = contest_from_url(request, kwargs)
    return get_object_or_404(Juror.objects.select_related("contest", "user"),
                             pk=kwargs.pop("juror_id"), contest=contest)


def bulk_message_from_url(request, kwargs: dict[str, Any]) -> BulkMessage:
    """The bulk message of the URL's ``message_id`` within the contest of its slug (else 404)."""
    contest = contest_from_url(request, kwargs)
    return get_object_or_404(BulkMessage.objects.select_related("contest"),
                             pk=kwargs.pop("message_id"), contest=contest)
