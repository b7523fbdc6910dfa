import logging

from celery import shared_task

from ..services.retention import apply_retention as apply

logger = logging.getLogger(__name__)


@shared_task(name="contest.apply_retention", soft_time_limit=3600, time_limit=3660)
def apply_retention() -> dict[str, int]:
    """Periodic (celery beat, daily): purge and anonymise the closed contests that are due.

    Idempotent: what a run did is gone from the next run's querysets.
    """
    counts = apply()
    logger.info("Retention applied: %s", counts)
    return counts
