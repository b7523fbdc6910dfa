"""Direct-to-bucket multipart uploads against a real S3 protocol server (moto) on loopback."""

import hashlib
import os

import pytest
import requests
from django.urls import reverse

from contest.models import Upload, Video
from contest.services.s3_uploads import MIN_PART_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def film():
    return os.urandom(MIN_PART_SIZE + 123_456)


def _start(client, entry, film, filename="film.mov"):
    return client.post(
        reverse("api:s3-upload-start"),
        {"entry": entry.pk, "filename": filename, "length": len(film)},
        content_type="application/json",
    )


def _put_parts(client, upload_id, film, numbers, part_size):
    response = client.post(
        reverse("api:s3-upload-parts", args=[upload_id]),
        {"part_numbers": numbers},
        content_type="application/json",
    )
    assert response.status_code == 200
    for number in numbers:
        body = film[(number - 1) * part_size : number * part_size]
        put = requests.put(response.json()["urls"][str(number)], data=body, timeout=30)
        assert put.status_code == 200


def test_multipart_upload_resumes_and_completes(owner_client, entry, film, s3_bucket):
    started = _start(owner_client, entry, film)
    assert started.status_code == 201
    upload_id, part_size = started.json()["id"], started.json()["part_size"]
    assert (part_size, started.json()["part_count"]) == (MIN_PART_SIZE, 2)

    _put_parts(owner_client, upload_id, film, [1], part_size)
    stored = owner_client.get(reverse("api:s3-upload-parts", args=[upload_id])).json()
    assert ([part["part_number"] for part in stored["parts"]], stored["offset"]) == ([1], part_size)

    early = owner_client.post(reverse("api:s3-upload-complete", args=[upload_id]))
    assert (early.status_code, early.json()["code"]) == (409, "parts_missing")

    _put_parts(owner_client, upload_id, film, [2], part_size)
    done = owner_client.post(reverse("api:s3-upload-complete", args=[upload_id]))
    assert done.status_code == 200
    video = Video.objects.get()
    assert (done.json()["video"], video.entry, video.is_current, video.size_bytes) == (
        video.pk,
        entry,
        True,
        len(film),
    )
    key = Upload.objects.get().s3_key
    stored_object = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read()
    assert hashlib.sha256(stored_object).hexdigest() == hashlib.sha256(film).hexdigest()
    with video.file.open("rb") as handle:
        assert handle.read(16) == film[:16]


def test_multipart_with_more_bytes_than_declared_is_aborted(owner_client, entry, s3_bucket):
    declared = os.urandom(1000)
    upload_id = _start(owner_client, entry, declared).json()["id"]
    _put_parts(owner_client, upload_id, declared + b"extra bytes", [1], MIN_PART_SIZE)
    response = owner_client.post(reverse("api:s3-upload-complete", args=[upload_id]))
    assert (response.status_code, response.json()["code"]) == (413, "upload_too_large")
    assert Upload.objects.count() == 0
    assert s3_bucket.client.list_multipart_uploads(Bucket=s3_bucket.name).get("Uploads", []) == []


def test_multipart_abort_removes_it_from_bucket(owner_client, entry, film, s3_bucket):
    upload_id = _start(owner_client, entry, film).json()["id"]
    response = owner_client.delete(reverse("api:s3-upload", args=[upload_id]))
    assert response.status_code == 204
    assert Upload.objects.count() == 0
    assert s3_bucket.client.list_multipart_uploads(Bucket=s3_bucket.name).get("Uploads", []) == []


def test_multipart_start_checks_size_and_name(owner_client, entry, s3_bucket):
    entry.contest.max_upload_bytes = 1000
    entry.contest.save()
    assert _start(owner_client, entry, b"x" * 1001).status_code == 413
    assert _start(owner_client, entry, b"x" * 10, filename="film.avi").status_code == 400
    assert s3_bucket.client.list_multipart_uploads(Bucket=s3_bucket.name).get("Uploads", []) == []


def test_multipart_of_other_user_is_not_found(
    owner_client, client, other_entrant, entry, s3_bucket
):
    film = b"x" * 1000
    upload_id = _start(owner_client, entry, film).json()["id"]
    client.force_login(other_entrant)
    urls = [
        reverse("api:s3-upload-parts", args=[upload_id]),
        reverse("api:s3-upload-complete", args=[upload_id]),
    ]
    assert [
        client.post(url, {"part_numbers": [1]}, content_type="application/json").status_code
        for url in urls
    ] == [404, 404]
    assert client.delete(reverse("api:s3-upload", args=[upload_id])).status_code == 404
    assert _start(client, entry, film).status_code == 404
