"""Judging's part of a new edition (``contest.services.setup.copy_contest``): the awards, the
rounds with their criteria and, when asked, new invitations to the previous jury."""

from __future__ import annotations

from django.conf import settings

from contest.models import Contest
from core import texts

from ..enums import RoundStatus
from ..models import Award, Criterion, Juror, JurorInvitation, Round
from ..translation import AWARD_TEXTS, CRITERION_TEXTS
from .jurors import LANGUAGE_CODES, invite_juror


def _with_texts(copy, source, fields):
    texts.copy_texts(source, copy, fields)
    return copy


def copy_judging(source: Contest, target: Contest, *, with_jury_invitations: bool, by) -> None:
    """Copy awards (names in every language, places, order) and rounds with their criteria
    (texts in every language); never assignments, scores, placements or notes. Round
    deadlines keep their distance from the contest's deadline. With
    ``with_jury_invitations``, everyone on the source's jury or invited to it gets a new
    invitation, emailed after commit by :func:`invite_juror`."""
    with texts.writing():
        _copy_awards_and_rounds(source, target)
    if with_jury_invitations:
        for email, language in jury_of(source).items():
            invite_juror(contest=target, email=email, language=language, by=by)


def _copy_awards_and_rounds(source: Contest, target: Contest) -> None:
    Award.objects.bulk_create([
        _with_texts(Award(contest=target, description=award.description,
                          places=award.places, order=award.order,
                          allows_other_awards=award.allows_other_awards), award, AWARD_TEXTS)
        for award in source.awards.all()
    ])
    shift = target.closes_at - source.closes_at
    for round_ in source.rounds.prefetch_related("criteria"):
        copy = Round.objects.create(
            contest=target, name=round_.name, kind=round_.kind, order=round_.order,
            jurors_per_entry=round_.jurors_per_entry, deadline=round_.deadline + shift,
            status=RoundStatus.DRAFT, scale_min=round_.scale_min, scale_max=round_.scale_max,
            # How the round is judged and ranked carries over; its panels name last year's
            # jurors, who are invited again or not, so they do not.
            language_rule=round_.language_rule, tie_break=round_.tie_break,
            ranking_method=round_.ranking_method,
        )
        Criterion.objects.bulk_create([
            _with_texts(Criterion(round=copy, weight=criterion.weight, order=criterion.order),
                        criterion, CRITERION_TEXTS)
            for criterion in round_.criteria.all()
        ])


def jury_of(contest: Contest) -> dict[str, str]:
    """Email -> language of the contest's active jurors and pending invitations."""
    people: dict[str, str] = {}
    for juror in Juror.objects.filter(contest=contest, is_active=True).select_related("user"):
        language = juror.user.language
        people[juror.user.email.lower()] = (
            language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE)
    pending = JurorInvitation.objects.filter(contest=contest, accepted_at__isnull=True)
    for invitation in pending.order_by("pk"):
        people.setdefault(invitation.email.lower(), invitation.language)
    return people
