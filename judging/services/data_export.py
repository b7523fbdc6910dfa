"""What judging puts into a person's data export. Registered in ``JudgingConfig.ready``.

Blind both ways. A juror gets their seats, declared conflicts, assignments and their own
scores and comments, each entry named as the juror saw it (code and titles), and never
another juror's score. An entrant gets what they are already shown: the results notices sent
to them and, once results are published, their films' awards; never a score or a juror.
An organiser gets the placements they assigned and the juror invitations they sent, without
the invitees' addresses.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from accounts.data_export.registry import register_exporter
from accounts.models import User

from ..models import (
    Assignment,
    AwardPlacement,
    BulkMessage,
    Criterion,
    Juror,
    JurorInvitation,
    ResultNotice,
)

CHUNK = 200


def jury(user: User) -> Iterator[dict]:
    seats = (Juror.objects.filter(user=user).select_related("contest", "invitation")
             .prefetch_related("conflicts__entry", "preferred_categories").order_by("pk"))
    for seat in seats:
        yield _seat(seat)
    assignments = (Assignment.objects.filter(juror__user=user)
                   .select_related("round__contest", "entry__category", "score")
                   .order_by("round__contest_id", "round__order", "pk"))
    criteria: dict[int, dict[str, str]] = {}
    for assignment in assignments.iterator(chunk_size=CHUNK):
        if assignment.round_id not in criteria:
            criteria[assignment.round_id] = dict(
                Criterion.objects.filter(round_id=assignment.round_id)
                .values_list("pk", "name"))
        yield _assignment(assignment, criteria[assignment.round_id])


def _seat(seat: Juror) -> dict:
    invitation = getattr(seat, "invitation", None)
    return {
        "kind": "juror_seat",
        "contest": seat.contest.name,
        "country": seat.country.code or "",
        "languages": seat.languages,
        "preferred_categories": sorted(c.name for c in seat.preferred_categories.all()),
        "capacity": seat.capacity,
        "active": seat.is_active,
        "since": seat.created_at,
        "invitation": None if invitation is None else {
            "email": invitation.email, "language": invitation.language,
            "sent_at": invitation.created_at, "accepted_at": invitation.accepted_at},
        "conflicts": [
            # The entrant a conflict names is another person's data: the entry code is enough.
            {"kind": conflict.kind, "entry_code": conflict.entry.code if conflict.entry else "",
             "country": conflict.country.code or "", "organisation": conflict.organisation,
             "reason": conflict.reason, "declared_at": conflict.created_at}
            for conflict in seat.conflicts.all()
        ],
    }


def _assignment(assignment: Assignment, names: dict[int, str]) -> dict:
    score = getattr(assignment, "score", None)
    entry = assignment.entry
    return {
        "kind": "assignment",
        "contest": assignment.round.contest.name,
        "round": assignment.round.name,
        "entry_code": entry.code,
        "title_original": entry.title_original,
        "title_english": entry.title_english,
        "category": entry.category.name,
        "assigned_at": assignment.created_at,
        "score": None if score is None else {
            "marks": [{"criterion": names.get(int(key), key), "mark": mark}
                      for key, mark in score.marks.items()],
            "weighted": score.weighted,
            "status": score.status,
            "comment": score.comment,
            "updated_at": score.updated_at,
            "submitted_at": score.submitted_at,
        },
    }


def results(user: User) -> Iterator[dict]:
    notices = ResultNotice.objects.filter(entrant=user).select_related("contest").order_by("pk")
    for notice in notices:
        yield {"kind": "results_notice", "contest": notice.contest.name,
               "language": notice.language, "sent_at": notice.sent_at}
    published = (AwardPlacement.objects
                 .filter(entry__entrant=user, award__contest__results_published_at__isnull=False)
                 .select_related("award__contest", "entry").order_by("pk"))
    for placement in published:
        yield {"kind": "award_won", "contest": placement.award.contest.name,
               "award": placement.award.name, "place": placement.place,
               "entry": placement.entry.title_english or placement.entry.title_original}
    assigned = (AwardPlacement.objects.filter(assigned_by=user)
                .select_related("award__contest", "entry").order_by("pk"))
    for placement in assigned:
        yield {"kind": "award_placement_assigned", "contest": placement.award.contest.name,
               "award": placement.award.name, "place": placement.place,
               "entry_code": placement.entry.code, "assigned_at": placement.assigned_at}
    sent = JurorInvitation.objects.filter(invited_by=user).select_related("contest").order_by("pk")
    for invitation in sent:
        yield {"kind": "juror_invitation_sent", "contest": invitation.contest.name,
               "sent_at": invitation.created_at, "expires_at": invitation.expires_at,
               "accepted_at": invitation.accepted_at}
    yield from bulk_messages(user)


def bulk_messages(user: User) -> Iterator[dict]:
    """The bulk messages the person wrote or sent as an organiser (not who received them)."""
    written = (BulkMessage.objects.filter(Q(created_by=user) | Q(sent_by=user))
               .select_related("contest").order_by("pk"))
    for message in written:
        yield {"kind": "bulk_message", "contest": message.contest.name,
               "subject": message.subject, "body": message.body, "segment": message.segment,
               "status": message.status, "recipients": message.recipients,
               "written": message.created_by_id == user.pk,
               "sent": message.sent_by_id == user.pk,
               "created_at": message.created_at, "queued_at": message.queued_at}


def register() -> None:
    register_exporter(name="judging.jury", collect=jury, covers={"judging.Juror.user"})
    register_exporter(
        name="judging.results", collect=results,
        covers={"judging.ResultNotice.entrant", "judging.AwardPlacement.assigned_by",
                "judging.JurorInvitation.invited_by", "judging.BulkMessage.created_by",
                "judging.BulkMessage.sent_by"},
        withholds={"judging.FinalVote.created_by": "A final vote belongs to the contest; that "
                   "the person opened it is in the audit records.",
                   "judging.JurorConflict.entrant": "A conflict names the entrant a juror "
                   "declared it about: showing it to the entrant would reveal the juror. The "
                   "juror's own export lists the conflict without the entrant."},
    )
