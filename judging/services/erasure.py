"""What judging does when a person is forgotten. Registered in ``JudgingConfig.ready``.

A juror's seat outlives their account: it is detached (no user, inactive) and read as "Former
juror N", N being the seat's ordinal in its contest, so every score submitted from it, with its
comment to the organisers, still counts exactly as before. Drafts and open assignments are
released, and each round still being judged is assigned again by ``run_assignment``, which
keeps every other pair where balance allows. Invitations and declared conflicts keep what
they record (which contest, which entry, when) without the person's address or words.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.own_erasure import addresses_of
from core.audit import record
from core.errors import ContestError

from ..enums import RoundStatus, ScoreStatus
from ..models import Assignment, AwardPlacement, Juror, JurorConflict, JurorInvitation, Round, Score
from .rounds import run_assignment

HANDLES = {
    "judging.Juror.user": "detached: the seat stays as \"Former juror N\" with its scores",
    "judging.JurorInvitation.invited_by": "set to empty: the invitation stays",
    "judging.JurorConflict.entrant": "deleted with the user (a conflict with a person gone)",
    "judging.AwardPlacement.assigned_by": "set to empty: the placement stays",
    "judging.ResultNotice.entrant": "deleted with the user",
    "judging.FinalVote.created_by": "set to empty: the vote and its count stay",
    "judging.BulkMessage.created_by": "set to empty: the message and its log stay",
    "judging.BulkMessage.sent_by": "set to empty: the message and its log stay",
}


def refuse_if_awarded(user: User) -> None:
    """An awarded film is part of a contest's published record: its author asks the organisers."""
    if AwardPlacement.objects.filter(entry__entrant=user).exists():
        raise ContestError(
            _("One of your films has received an award. Please contact the organisers "
              "to delete your account."),
            "account_has_awards",
        )


def forget_juror(user: User) -> None:
    """Detach the person's juror seats, release their open work, scrub invitations and conflicts."""
    seats = dict(Juror.objects.filter(user=user).values_list("pk", "contest_id"))
    # Lock order shared with the round services (rounds first) and scoring (the seat, then
    # its assignments): an erasure racing a score being saved waits for it, or makes it wait.
    list(Round.objects.select_for_update().filter(contest_id__in=set(seats.values()))
         .order_by("pk").values_list("pk"))
    for seat in Juror.objects.select_for_update().filter(pk__in=seats).order_by("pk"):
        _retire(seat)
    addresses = addresses_of(user)
    JurorInvitation.objects.filter(email__in=addresses, accepted_at__isnull=True).delete()
    JurorInvitation.objects.filter(Q(email__in=addresses) | Q(juror__in=seats)).update(email="")


def _retire(seat: Juror) -> None:
    assignments = list(Assignment.objects.select_for_update(of=("self",)).filter(juror=seat)
                       .order_by("pk").values_list("pk", "round_id"))
    submitted = set(Score.objects.filter(assignment__juror=seat, status=ScoreStatus.SUBMITTED)
                    .values_list("assignment_id", flat=True))
    released = [(pk, round_id) for pk, round_id in assignments if pk not in submitted]
    Assignment.objects.filter(pk__in=[pk for pk, _round in released]).delete()
    seat.former_number = Juror.objects.filter(contest_id=seat.contest_id, pk__lte=seat.pk).count()
    seat.user, seat.is_active, seat.country, seat.languages = None, False, "", []
    seat.save(update_fields=["user", "is_active", "former_number", "country", "languages"])
    seat.preferred_categories.clear()
    JurorConflict.objects.filter(juror=seat).update(entrant=None, organisation="", reason="")
    record(actor=None, action="juror.erased", obj=seat, scope=seat.contest,
           after={"former_number": seat.former_number, "kept_scores": len(submitted),
                  "released": len(released)})
    for round in Round.objects.filter(pk__in={round_id for _pk, round_id in released},
                                      jurors_per_entry__isnull=False).exclude(
                                          status=RoundStatus.CLOSED).order_by("pk"):
        _assign_again(round)


def _assign_again(round: Round) -> None:
    """Give the released entries to other jurors; when nobody can take them, say so in the log
    rather than refuse the erasure (the organisers add jurors and assign again)."""
    try:
        with transaction.atomic():
            run_assignment(round=round, by=None)
    except ContestError as error:
        record(actor=None, action="judging.reassignment_failed", obj=round, scope=round.contest,
               after={"code": error.code, "message": str(error.message)})
