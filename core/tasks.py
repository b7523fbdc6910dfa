"""Core's tasks, on the default queue: the outbox's (thin wrappers around
``core/sender.py``) and the daily sweep of orphan files."""

from celery import shared_task

from . import orphan_files, sender


@shared_task(name="core.send_message", bind=True, acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=60, time_limit=90)
def send_message(self, *, message_id: int) -> str:
    """Send one outbox message; a duplicate or redelivered task sends nothing twice."""
    return sender.deliver(message_id=message_id, claim=self.request.id or "")


@shared_task(name="core.send_pending_messages", acks_late=True, soft_time_limit=240,
             time_limit=300)
def send_pending_messages() -> dict[str, int]:
    """Periodic (celery beat) and after a bulk enqueue: send every due message, and take over
    the ones whose sender died."""
    return sender.send_due()


@shared_task(name="core.sweep_orphan_files", acks_late=True, soft_time_limit=1800,
             time_limit=1900)
def sweep_orphan_files() -> dict[str, int]:
    """Daily (celery beat): delete stored files no row names (``core/orphan_files.py``).
    Running it twice, or again after a killed run, only finds fewer files."""
    return orphan_files.sweep_orphan_files()
