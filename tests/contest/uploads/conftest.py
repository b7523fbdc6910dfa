import base64
import hashlib
import os

import pytest
from django.urls import reverse

from tests.factories import EntryFactory

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


@pytest.fixture
def entry(entrant, contest):
    return EntryFactory(entrant=entrant, contest=contest)


@pytest.fixture
def owner_client(client, entrant):
    client.force_login(entrant)
    return client


def metadata(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def create(client, *, entry, length, filename="film.mp4", **extra):
    return client.post(
        reverse("contest:tus-create"),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=metadata(filename=filename, entry=entry.pk),
        **TUS,
        **extra,
    )


def patch(client, url, data: bytes, *, offset: int, **extra):
    return client.generic(
        "PATCH",
        url,
        data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
        **extra,
    )


def checksum(data: bytes, algorithm="sha256") -> str:
    return f"{algorithm} {base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


@pytest.fixture
def payload():
    return os.urandom(300_000)
