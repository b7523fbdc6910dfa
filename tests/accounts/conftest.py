import pytest


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The rate-limit counters live in the shared cache; they must not leak between tests."""
    settings.ACCOUNT_RATE_LIMITS = False
