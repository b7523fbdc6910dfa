"""Publishing a contest's results, and telling every entrant the outcome once."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contest.enums import EntryStatus
from contest.models import Contest, Entry
from core.audit import record
from core.emails import render_subject
from core.errors import ConflictError

from ..models import AwardPlacement, ResultNotice

# Entrants told the outcome: everyone whose entry was actually in the contest.
NOTIFIED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


def publish_results(*, contest: Contest, by) -> Contest:
    """Publish the winners: sets ``results_published_at``; the award list must be locked.

    Side effects: one audit row; after commit, queues ``judging.send_result_notices``, which
    emails each entrant once in their language.
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


def _render_notice(*, contest: Contest, entrant: User) -> EmailMessage:
    entries = list(
        Entry.objects.filter(contest=contest, entrant=entrant, status__in=NOTIFIED_STATUSES)
        .order_by("created_at")
    )
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
    subject = render_subject("judging/email/results_subject.txt", context)
    body = render_to_string("judging/email/results_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[entrant.email],
                        headers={"Content-Language": translation.get_language()})


def send_result_notice(*, contest: Contest, entrant: User) -> bool:
    """Email ``entrant`` the outcome of their entries, in their language, unless already done.

    Returns whether an email was sent. The ``ResultNotice`` row, locked while sending, makes
    a retried or duplicated task send nothing twice.
    """
    if contest.results_published_at is None:
        return False
    with transaction.atomic():
        notice, _created = ResultNotice.objects.get_or_create(contest=contest, entrant=entrant)
        notice = ResultNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.sent_at is not None:
            return False
        with translation.override(entrant.language or settings.LANGUAGE_CODE):
            message = _render_notice(contest=contest, entrant=entrant)
        message.send()
        notice.sent_at = timezone.now()
        notice.language = entrant.language
        notice.save(update_fields=["sent_at", "language"])
    return True
