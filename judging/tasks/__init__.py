"""Celery tasks of the judging app, imported here for autodiscovery."""

from .bulk_messages import enqueue_bulk_message, settle_bulk_messages
from .messages import send_queue_reminders
from .publication import send_result_notice, send_result_notices

__all__ = ["enqueue_bulk_message", "send_queue_reminders", "send_result_notice",
           "send_result_notices", "settle_bulk_messages"]
