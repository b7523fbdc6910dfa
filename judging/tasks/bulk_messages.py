"""Organisers' bulk messages: write the outbox rows; mark the messages sent once done."""

from celery import shared_task

from ..services import bulk_messages


@shared_task(name="judging.enqueue_bulk_message", acks_late=True, soft_time_limit=540,
             time_limit=600)
def enqueue_bulk_message(*, message_id: int) -> int:
    """Write one outbox row per recipient; a redelivered task writes none twice."""
    return bulk_messages.enqueue_recipients(message_id=message_id)


@shared_task(name="judging.settle_bulk_messages", soft_time_limit=50, time_limit=60)
def settle_bulk_messages() -> int:
    """Periodic (celery beat): mark sent every message whose rows are all sent or skipped."""
    return bulk_messages.settle_all()
