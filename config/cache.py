"""A Redis cache that behaves as an empty one while Redis cannot be reached.

The cache holds only rate-limit counters (API throttles, allauth's limits). Without this, a
Redis outage turned every throttled request (uploads, submissions, scores) into a 500: an
entrant's film was refused because a counter could not be read. While Redis is down the
limits are not enforced (they fail open) and each failure is logged; data is never at stake.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(method, answer):
    """``method``, answering ``answer(*args, **kwargs)`` when Redis cannot be reached."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            logger.error("Cache unreachable (%s): %s skipped", exc, method.__name__)
            return answer(*args, **kwargs)

    return call


def _default(key, default=None, version=None):
    return default


class TolerantRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, _default)
    get_many = _tolerant(RedisCache.get_many, lambda *a, **k: {})
    has_key = _tolerant(RedisCache.has_key, lambda *a, **k: False)
    # An add that cannot be stored is reported as done, like a set: counters start afresh.
    add = _tolerant(RedisCache.add, lambda *a, **k: True)
    set = _tolerant(RedisCache.set, lambda *a, **k: None)
    set_many = _tolerant(RedisCache.set_many, lambda *a, **k: [])
    touch = _tolerant(RedisCache.touch, lambda *a, **k: False)
    delete = _tolerant(RedisCache.delete, lambda *a, **k: False)
    delete_many = _tolerant(RedisCache.delete_many, lambda *a, **k: None)
    clear = _tolerant(RedisCache.clear, lambda *a, **k: False)
    incr = _tolerant(RedisCache.incr, lambda key, delta=1, version=None: delta)
