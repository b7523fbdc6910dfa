import logging

from celery import shared_task

from ..services.upload_cleanup import clean_abandoned_uploads as clean

logger = logging.getLogger(__name__)


@shared_task(name="contest.clean_abandoned_uploads", soft_time_limit=600, time_limit=660)
def clean_abandoned_uploads() -> dict[str, int]:
    """Periodic (celery beat): remove abandoned partial uploads and stale multipart uploads."""
    counts = clean()
    logger.info("Abandoned uploads removed: %s", counts)
    return counts
