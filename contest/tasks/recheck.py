"""Re-check tasks: thin wrappers that take ids and call ``contest.services.recheck``.

Both run on the ``validation`` queue, behind uploads' validations of the same workers: a
re-check reads stored findings (rarely the file's header), so it takes milliseconds.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from ..media import MediaToolError
from ..services import recheck

TRANSIENT = (MediaToolError, OperationalError, SoftTimeLimitExceeded)


@shared_task(name="contest.recheck_films", acks_late=True, soft_time_limit=300, time_limit=360,
             autoretry_for=(OperationalError,), retry_backoff=15, max_retries=5)
def recheck_contest_films(*, contest_id: int) -> int:
    """Fan out one ``contest.recheck_video`` per film checked under earlier rules."""
    return recheck.dispatch_rechecks(contest_id=contest_id)


@shared_task(name="contest.recheck_video", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=TRANSIENT, retry_backoff=15, retry_backoff_max=600,
             retry_jitter=True, max_retries=5)
def recheck_video(*, video_id: int) -> str:
    """Apply the contest's current technical rules to one film; does nothing if done."""
    return recheck.recheck_video(video_id=video_id)
