from celery import shared_task

from ..services import messages


@shared_task(name="judging.send_queue_reminders", soft_time_limit=240, time_limit=300)
def send_queue_reminders() -> int:
    """Periodic (celery beat): enqueue the reminders of unfinished juror queues that are due."""
    return messages.queue_reminders()
