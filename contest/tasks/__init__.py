"""Celery tasks of the contest app, one module per concern, imported here for autodiscovery."""

from .retention import apply_retention
from .uploads import clean_abandoned_uploads, purge_replaced_films
from .validation import requeue_stuck_validations, send_validation_result, validate_video

__all__ = [
    "apply_retention",
    "clean_abandoned_uploads",
    "purge_replaced_films",
    "requeue_stuck_validations",
    "send_validation_result",
    "validate_video",
]
