"""Celery tasks of the judging app, imported here for autodiscovery."""

from .messages import send_queue_reminders
from .publication import send_result_notice, send_result_notices

__all__ = ["send_queue_reminders", "send_result_notice", "send_result_notices"]
