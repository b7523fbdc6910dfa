"""Entry material tasks: thin wrappers that take ids and call ``services.materials``."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from ..media import MediaToolError
from ..services import materials

TRANSIENT = (MediaToolError, OperationalError, SoftTimeLimitExceeded)


@shared_task(
    name="contest.validate_material", acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT, retry_backoff=15, retry_backoff_max=300, retry_jitter=True,
    max_retries=5, soft_time_limit=settings.MARQUEE_MATERIAL_TIME_LIMIT,
    time_limit=settings.MARQUEE_MATERIAL_TIME_LIMIT + 30,
)
def validate_material(*, material_id: int) -> str:
    """Check one subtitle file, picture or document; does nothing if it is gone or done."""
    return materials.validate(material_id=material_id)


@shared_task(name="contest.requeue_stuck_materials", soft_time_limit=120, time_limit=180)
def requeue_stuck_materials() -> int:
    """Periodic (celery beat): queue again the material checks nobody will finish."""
    return materials.requeue_stuck_materials()
