"""Publishing a contest's results, and telling every entrant the outcome once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contest.models import Contest, Entry
from core.audit import record
from core.errors import ConflictError
from core.models import Message
from core.outbox import enqueue
from core.sender import SENT, deliver

from ..models import ResultNotice
from .messages import NOTIFIED_STATUSES, RESULTS


def publish_results(*, contest: Contest, by) -> Contest:
    """Publish the winners: sets ``results_published_at``; the award list must be locked.

    Side effects: one audit row; after commit, queues ``judging.send_result_notices``, which
    puts each entrant's notice in the outbox, sent in their language.
    """
    from ..tasks.publication import send_result_notices

    with transaction.atomic():
        contest = Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)
        if contest.awards_locked_at is None:
            raise ConflictError(_("Lock the award list before publishing the results."),
                                "awards_not_locked")
        if contest.results_published_at is not None:
            raise ConflictError(_("The results are already published."), "already_published")
        contest.results_published_at = timezone.now()
        contest.save(update_fields=["results_published_at"])
        record(actor=by, action="results.publish", obj=contest, scope=contest,
               before={"results_published_at": None},
               after={"results_published_at": contest.results_published_at.isoformat()})
        contest_id = contest.pk
        transaction.on_commit(lambda: send_result_notices.delay(contest_id=contest_id))
    return contest


def entrants_to_notify(*, contest: Contest) -> list[int]:
    """Ids of the entrants who hear the outcome, each once."""
    return list(
        Entry.objects.filter(contest=contest, status__in=NOTIFIED_STATUSES, entrant__isnull=False)
        .order_by("entrant_id").values_list("entrant_id", flat=True).distinct()
    )


def send_result_notice(*, contest: Contest, entrant: User, claim: str = "") -> bool:
    """Put the outcome of ``entrant``'s entries in the outbox once and send it now; returns
    whether this call sent it.

    The ``ResultNotice`` row, locked while the outbox row is written, makes a retried or
    duplicated task add nothing; the outbox sends the row once (its sweeper does if this
    worker dies first). An entrant who unsubscribed from results notices is skipped.
    """
    if contest.results_published_at is None:
        return False
    with transaction.atomic():
        notice, _created = ResultNotice.objects.get_or_create(contest=contest, entrant=entrant)
        notice = ResultNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.sent_at is not None:
            # Written before: the same task delivered again after its worker died finishes it.
            message = Message.objects.filter(kind=RESULTS, subject_id=str(contest.pk),
                                              recipient=entrant).first()
            if message is None:
                return False
        else:
            message = enqueue(kind=RESULTS, subject=contest, recipient=entrant, scope=contest,
                              send_after_commit=False)
            notice.sent_at = timezone.now()
            notice.language = entrant.language
            notice.save(update_fields=["sent_at", "language"])
    return deliver(message_id=message.pk, claim=claim) == SENT
