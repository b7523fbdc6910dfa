"""System checks for settings that would silently break a promise of the validation pipeline."""

from django.conf import settings
from django.core.checks import Error, register


@register("celery")
def check_visibility_timeout_above_time_limits(app_configs=None, **kwargs) -> list[Error]:
    """A broker with a visibility timeout (Redis, SQS) delivers a message again when it is not
    acknowledged in time. Validation acknowledges at the end, so a run allowed to last longer
    than the timeout would be started a second time while the first is still working."""
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    visibility = options.get("visibility_timeout")
    if visibility is None:
        return []
    longest = max(settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT,
                  settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT)
    if visibility > longest:
        return []
    return [Error(
        f"The broker's visibility timeout ({visibility} s) is not above the longest validation "
        f"time limit ({longest} s): a long validation would be delivered and run twice.",
        hint="Raise MARQUEE_BROKER_VISIBILITY_TIMEOUT above MARQUEE_VALIDATION_MAX_TIME_LIMIT "
             "and MARQUEE_VALIDATION_PROBE_TIME_LIMIT.",
        id="marquee.E001",
    )]
