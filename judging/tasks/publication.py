from celery import shared_task

from accounts.models import User
from contest.models import Contest


@shared_task(name="judging.send_result_notices", acks_late=True, soft_time_limit=120,
             time_limit=150)
def send_result_notices(*, contest_id: int) -> int:
    """Fan out one email task per entrant of a published contest."""
    from ..services.publication import entrants_to_notify

    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None or contest.results_published_at is None:
        return 0
    entrant_ids = entrants_to_notify(contest=contest)
    for entrant_id in entrant_ids:
        send_result_notice.delay(contest_id=contest_id, entrant_id=entrant_id)
    return len(entrant_ids)


@shared_task(name="judging.send_result_notice", bind=True, acks_late=True,
             reject_on_worker_lost=True, soft_time_limit=60, time_limit=90,
             autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_result_notice(self, *, contest_id: int, entrant_id: int) -> bool:
    """Email one entrant the outcome; does nothing if already sent."""
    from ..services.publication import send_result_notice as send

    contest = Contest.objects.filter(pk=contest_id).first()
    entrant = User.objects.filter(pk=entrant_id).first()
    if contest is None or entrant is None:
        return False
    return send(contest=contest, entrant=entrant, claim=self.request.id or "")
