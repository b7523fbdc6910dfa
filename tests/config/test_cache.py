"""While Redis is down the cache acts as an empty one: rate limits fail open, requests work."""

import socket

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from config.cache import TolerantRedisCache


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {"default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
    caches._settings = caches.settings = settings.CACHES
    caches._connections.__dict__.pop("default", None)
    yield caches["default"]
    caches._connections.__dict__.pop("default", None)


def test_unreachable_redis_reads_as_empty_and_writes_are_skipped(dead_redis):
    assert isinstance(dead_redis, TolerantRedisCache)
    assert dead_redis.get("k") is None
    assert dead_redis.get("k", "fallback") == "fallback"
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.set("k", 1) is None
    assert dead_redis.add("k", 1) is True
    assert dead_redis.incr("k") == 1
    assert dead_redis.has_key("k") is False


@pytest.mark.django_db
def test_throttled_api_answers_while_redis_is_down(dead_redis, entrant):
    client = APIClient()
    client.force_authenticate(entrant)

    response = client.get(reverse("api:entry-list"))

    assert response.status_code == 200
