"""What judging says by email, through the outbox (core/outbox.py): juror invitations, "your
queue is ready", reminders of unfinished queues, and the results to entrants.

Messages to jurors name the round and how many films wait, never an entrant: blind judging
holds in the inbox too. Each ``render`` reads the objects again at send time and returns
``None`` when the message no longer applies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.enums import EntryStatus
from contest.models import Contest, Entry
from core.emails import render_subject
from core.models import Message
from core.outbox import Outgoing, Rendered, enqueue_many, register_message_kind
from core.reminders import due_occasion

from ..enums import RoundStatus, ScoreStatus
from ..models import Assignment, AwardPlacement, JurorInvitation, Round

INVITATION = "judging.juror_invitation"
QUEUE_READY = "judging.queue_ready"
QUEUE_REMINDER = "judging.queue_reminder"
RESULTS = "judging.results"
# "Closes in 3 days" is not sent more than half a day late; "24 hours" until the deadline.
REMINDERS = {"3d": {"days": 3, "grace_hours": 12}, "24h": {"hours": 24}}
# Entrants told the outcome: everyone whose entry was actually in the contest.
NOTIFIED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _render(name: str, context: dict) -> Rendered:
    return Rendered(subject=render_subject(f"judging/email/{name}_subject.txt", context),
                    text=render_to_string(f"judging/email/{name}_body.txt", context))


def render_invitation(message: Message) -> Rendered | None:
    """Only the latest link of an invitation still open is sent (a renewal draws a new
    token, and with it a new message)."""
    invitation = (JurorInvitation.objects.select_related("contest", "invited_by")
                  .filter(pk=message.subject_id).first())
    if (invitation is None or invitation.accepted_at is not None
            or invitation.token != message.occasion or invitation.expires_at <= timezone.now()):
        return None
    # The email states its times in UTC (the message's zone): the invitee's is unknown.
    return _render("invitation", {
        "invitation": invitation, "contest": invitation.contest,
        "inviter": invitation.invited_by,
        "url": _url("judging:invitation", token=invitation.token),
    })


def unfinished(*, round: Round, user_id: int | None) -> int:
    """How many of the person's assignments in ``round`` wait for a submitted score."""
    return (Assignment.objects.filter(round=round, juror__user_id=user_id, juror__is_active=True)
            .exclude(score__status=ScoreStatus.SUBMITTED).count())


def render_queue(message: Message) -> Rendered | None:
    """"Your queue is ready" and the reminders: only while the round is open, the deadline
    the reminder was chosen for still holds and films still wait for the juror."""
    round = Round.objects.select_related("contest").filter(pk=message.subject_id).first()
    if round is None or round.status != RoundStatus.OPEN or message.recipient_id is None:
        return None
    if (message.kind == QUEUE_REMINDER
            and round.deadline.astimezone(UTC).isoformat() != message.context.get("deadline")):
        return None
    waiting = unfinished(round=round, user_id=message.recipient_id)
    if not waiting:
        return None
    name = "queue_ready" if message.kind == QUEUE_READY else "queue_reminder"
    return _render(name, {
        "round": round, "contest": round.contest, "juror": message.recipient,
        "waiting": waiting, "within_a_day": message.occasion.startswith("24h"),
        "url": _url("judging:queue", round_id=round.pk),
    })


def render_results(message: Message) -> Rendered | None:
    """The outcome of the person's entries, rendered when sent (in their language)."""
    contest = Contest.objects.filter(pk=message.subject_id).first()
    entrant = message.recipient
    if contest is None or entrant is None or contest.results_published_at is None:
        return None
    entries = list(
        Entry.objects.filter(contest=contest, entrant=entrant, status__in=NOTIFIED_STATUSES)
        .order_by("created_at")
    )
    if not entries:
        return None
    placements = AwardPlacement.objects.filter(entry__in=entries).select_related("award")
    awards_by_entry: dict[int, list[AwardPlacement]] = {}
    for placement in placements.order_by("award__order", "place"):
        awards_by_entry.setdefault(placement.entry_id, []).append(placement)
    outcomes = [(entry, awards_by_entry.get(entry.pk, [])) for entry in entries]
    context = {
        "contest": contest,
        "entrant": entrant,
        "outcomes": outcomes,
        "winners_url": settings.SITE_URL + reverse("winners", args=[contest.slug]),
    }
    return Rendered(subject=render_subject("judging/email/results_subject.txt", context),
                    text=render_to_string("judging/email/results_body.txt", context))


def register() -> None:
    register_message_kind(INVITATION, render=render_invitation, essential=True,
                          label=_("Juror invitations"))
    register_message_kind(QUEUE_READY, render=render_queue, essential=False,
                          label=_("“Your queue is ready” notices"))
    register_message_kind(QUEUE_REMINDER, render=render_queue, essential=False,
                          label=_("Reminders of unfinished queues"))
    register_message_kind(RESULTS, render=render_results, essential=False,
                          label=_("Results notices"))


def _jurors_with_work(round: Round):
    """The active jurors (with an account) who have at least one unfinished assignment."""
    return (Assignment.objects.filter(round=round, juror__is_active=True,
                                      juror__user__isnull=False)
            .exclude(score__status=ScoreStatus.SUBMITTED)
            .values("juror__user_id").annotate(n=Count("id")).order_by("juror__user_id"))


def _to_jurors(round: Round, *, kind: str, occasion: str, context: dict) -> list[Outgoing]:
    from accounts.models import User

    user_ids = [row["juror__user_id"] for row in _jurors_with_work(round)]
    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    return [Outgoing(kind=kind, subject=round, recipient=user, scope=round.contest,
                     occasion=occasion, context=context) for user in users]


def queue_ready(*, round: Round, at: datetime) -> int:
    """Tell every juror with films to score in the round just opened, in its transaction."""
    return enqueue_many(_to_jurors(round, kind=QUEUE_READY, occasion=f"open@{at.isoformat()}",
                                   context={}))


def queue_reminders(*, now: datetime | None = None) -> int:
    """Enqueue the reminders due now: 3 days (the contest's wall clock) and 24 hours before an
    open round's deadline, to jurors whose queue is unfinished. Run by celery beat."""
    now = now or timezone.now()
    queued = 0
    rounds = (Round.objects.select_related("contest")
              .filter(status=RoundStatus.OPEN, deadline__gt=now,
                      deadline__lte=now + timedelta(days=4)).order_by("pk"))
    for round in rounds:
        occasion = due_occasion(deadline=round.deadline, time_zone=round.contest.time_zone,
                                now=now, schedule=REMINDERS)
        if occasion is None:
            continue
        with transaction.atomic():
            queued += enqueue_many(_to_jurors(
                round, kind=QUEUE_REMINDER, occasion=occasion,
                context={"deadline": round.deadline.astimezone(UTC).isoformat()}))
    return queued

