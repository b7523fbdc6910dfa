"""The outbox's tasks, on the default queue: thin wrappers around ``core/sender.py``."""

from celery import shared_task

from . import sender


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
