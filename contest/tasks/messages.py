from celery import shared_task

from ..services import reminders


@shared_task(name="contest.send_draft_reminders", soft_time_limit=240, time_limit=300)
def send_draft_reminders() -> int:
    """Periodic (celery beat): enqueue the reminders of unsubmitted drafts that are due."""
    return reminders.queue_draft_reminders()
