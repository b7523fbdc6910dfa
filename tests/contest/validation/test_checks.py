"""The system check that keeps the broker from delivering a running validation twice."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from contest.checks import check_visibility_timeout_above_time_limits


def test_the_default_settings_pass():
    assert check_visibility_timeout_above_time_limits() == []


@pytest.mark.parametrize("visibility", [3600, 3 * 3600])
def test_a_visibility_timeout_not_above_the_longest_limit_is_an_error(settings, visibility):
    settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT = 3 * 3600
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": visibility}

    [error] = check_visibility_timeout_above_time_limits()

    assert error.id == "marquee.E001"
    assert "MARQUEE_BROKER_VISIBILITY_TIMEOUT" in error.hint
    with pytest.raises(SystemCheckError, match="visibility timeout"):
        call_command("check")


def test_the_probe_limit_counts_too(settings):
    settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT = 60
    settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT = 120
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 100}

    assert [e.id for e in check_visibility_timeout_above_time_limits()] == ["marquee.E001"]


def test_a_broker_without_redelivery_timeout_is_not_checked(settings):
    settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT = 10**9
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.2}

    assert check_visibility_timeout_above_time_limits() == []
