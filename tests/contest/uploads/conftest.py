import base64
import hashlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import boto3
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


@pytest.fixture(scope="session")
def moto_endpoint():
    """A moto S3 server on loopback, in its own process, for the whole session."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("moto server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def s3_bucket(moto_endpoint, settings):
    """Default storage switched to a fresh bucket on the moto server."""
    name = f"marquee-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": name,
        "endpoint_url": moto_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return SimpleNamespace(name=name, client=client)
