"""Validation tasks: thin wrappers that take ids and call the validation services.

``contest.validate_video`` runs on the ``validation`` queue (FFmpeg work, each step in a
capped child process); emails and the sweeper run on ``default``, so a backlog of films never
delays an email. Time limits are given per message by the service that queues a stage
(scaled to the film's duration), and the broker's visibility timeout stays above them all.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError

from ..media import MediaToolError
from ..services import scratch, validation, validation_email

# Worth another try: FFmpeg could not run or was too slow, the database was unreachable.
# Every try counts as an attempt in the database, which ends a file that keeps failing.
TRANSIENT = (MediaToolError, OperationalError, SoftTimeLimitExceeded)


@shared_task(
    name="contest.validate_video", bind=True, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT, retry_backoff=15, retry_backoff_max=600, retry_jitter=True,
    max_retries=5,
)
def validate_video(self, *, video_id: int, stage: str = validation.PROBE) -> str:
    """One stage of one video's validation; does nothing if another run did it already."""
    return validation.run_stage(video_id=video_id, stage=stage, task_id=self.request.id or "")


@shared_task(
    name="contest.send_validation_result", bind=True, acks_late=True,
    reject_on_worker_lost=True, soft_time_limit=60, time_limit=90,
    autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5,
)
def send_validation_result(self, *, video_id: int) -> bool:
    """Email the entrant their film's verdict, once (through the outbox)."""
    return validation_email.send_validation_result(video_id=video_id,
                                                   claim=self.request.id or "")


@shared_task(name="contest.requeue_stuck_validations", soft_time_limit=120, time_limit=180)
def requeue_stuck_validations() -> dict[str, int]:
    """Periodic (celery beat): queue again the validations and emails nobody will finish."""
    return validation.requeue_stuck_validations()


@worker_ready.connect
def remove_stale_scratch_folders(**_kwargs) -> None:
    """A worker killed mid-run left its scratch folder: runs older than the longest time
    limit are over, so their folders on this host can go."""
    scratch.remove_stale(older_than_s=settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT + 60)
