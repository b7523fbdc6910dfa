"""A film stored in an S3-compatible bucket (moto on loopback) is validated from a local copy."""

import hashlib

import pytest
from django.core.files.storage import default_storage

from contest.enums import UploadBackend, VideoStatus
from contest.models import Upload, Video
from contest.services.uploads import make_current_video


@pytest.mark.integration
def test_film_in_the_bucket_is_validated_and_its_derivatives_stored_there(
    s3_bucket, entry, media_sample, django_capture_on_commit_callbacks
):
    source = media_sample("valid_1080p")
    key = f"videos/{entry.contest_id}/{entry.pk}/direct.bin"
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=key, Body=source.read_bytes())
    upload = Upload.objects.create(entry=entry, uploader=entry.entrant, filename="film.mp4",
                                   length=source.stat().st_size, backend=UploadBackend.S3_MULTIPART,
                                   s3_key=key)
    video = Video(entry=entry, original_filename="film.mp4", size_bytes=upload.length,
                  status=VideoStatus.UPLOADED)
    video.file.name = key

    with django_capture_on_commit_callbacks(execute=True):
        make_current_video(upload=upload, video=video, by=entry.entrant)

    video.refresh_from_db()
    assert video.status == VideoStatus.VALID
    # Uploaded straight to the bucket, the file is hashed by the validation.
    assert video.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    keys = {item["Key"] for item in s3_bucket.client.list_objects_v2(
        Bucket=s3_bucket.name)["Contents"]}
    assert {video.poster.name, video.preview.name} <= keys
    assert default_storage.exists(video.preview.name)
