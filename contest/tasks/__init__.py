"""Celery tasks of the contest app, one module per concern, imported here for autodiscovery."""

from .materials import requeue_stuck_materials, validate_material
from .messages import send_draft_reminders
from .recheck import recheck_contest_films, recheck_video
from .retention import apply_retention
from .uploads import clean_abandoned_uploads, purge_replaced_films
from .validation import requeue_stuck_validations, send_validation_result, validate_video

__all__ = [
    "apply_retention",
    "clean_abandoned_uploads",
    "purge_replaced_films",
    "recheck_contest_films",
    "recheck_video",
    "requeue_stuck_materials",
    "requeue_stuck_validations",
    "send_draft_reminders",
    "send_validation_result",
    "validate_material",
    "validate_video",
]
