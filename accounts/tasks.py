"""Celery tasks of the accounts app: thin, ids in, each calling one service."""

from celery import shared_task
from django.db import OperationalError

from .data_export import email, services

# The build copies films: hours for the largest, below the broker's visibility timeout.
BUILD_SOFT_LIMIT = 2 * 3600


# Worth another try: storage or the database was unreachable for a moment.
TRANSIENT = (OSError, OperationalError)


@shared_task(
    name="accounts.build_data_export", acks_late=True, reject_on_worker_lost=True,
    autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=600,
    max_retries=services.MAX_ATTEMPTS, soft_time_limit=BUILD_SOFT_LIMIT,
    time_limit=BUILD_SOFT_LIMIT + 300,
)
def build_data_export(*, export_id: int) -> bool:
    """Write a person's data export to private storage; nothing if it is done already."""
    try:
        return services.build_data_export(export_id=export_id)
    except TRANSIENT:
        raise
    except Exception as error:
        # Anything else (the soft time limit included) would fail again: end it now, so that
        # the person is not kept waiting for the sweeper to free their next request.
        services.give_up_data_export(export_id=export_id, reason=type(error).__name__)
        raise


@shared_task(
    name="accounts.send_data_export_email", bind=True, acks_late=True,
    reject_on_worker_lost=True, soft_time_limit=60, time_limit=90,
    autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=5,
)
def send_data_export_email(self, *, export_id: int) -> bool:
    """Email the person the link to their ready export, once (through the outbox)."""
    return email.send_data_export_ready(export_id=export_id, claim=self.request.id or "")


@shared_task(name="accounts.expire_data_exports", soft_time_limit=600, time_limit=660)
def expire_data_exports() -> dict[str, int]:
    """Periodic (celery beat): delete expired exports' files, fail builds that never ended."""
    return services.expire_data_exports()
