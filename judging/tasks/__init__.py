"""Celery tasks of the judging app, one module per concern; imported here for autodiscovery."""

from .publication import send_result_notice, send_result_notices

__all__ = ["send_result_notice", "send_result_notices"]
