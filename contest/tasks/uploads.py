import logging

from celery import shared_task

from ..services.replaced_films import purge_replaced_films as purge
from ..services.upload_cleanup import clean_abandoned_uploads as clean

logger = logging.getLogger(__name__)


@shared_task(name="contest.clean_abandoned_uploads", soft_time_limit=600, time_limit=660)
def clean_abandoned_uploads() -> dict[str, int]:
    """Periodic (celery beat): remove abandoned partial uploads and stale multipart uploads."""
    counts = clean()
    logger.info("Abandoned uploads removed: %s", counts)
    return counts


@shared_task(name="contest.purge_replaced_films", soft_time_limit=1800, time_limit=1860)
def purge_replaced_films() -> int:
    """Periodic (celery beat): delete the files of films replaced longer ago than the retention."""
    purged = purge()
    logger.info("Files of %s replaced films deleted", purged)
    return purged
