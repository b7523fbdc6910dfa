"""Celery tasks of the contest app, one module per concern, imported here for autodiscovery."""

from .uploads import clean_abandoned_uploads

__all__ = ["clean_abandoned_uploads"]
