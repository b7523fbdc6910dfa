import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from contest.enums import EntryStatus, VideoStatus
from contest.models import Upload, Video
from contest.services.uploads import partial_path

from .conftest import TUS, checksum, create, metadata, patch

pytestmark = pytest.mark.django_db


def test_options_advertises_protocol(client):
    response = client.options(reverse("contest:tus-create"))
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,checksum"
    assert response["Tus-Checksum-Algorithm"] == "sha1,sha256"
    assert response["Tus-Resumable"] == "1.0.0"


def test_creation_returns_location_and_empty_partial_file(owner_client, entry):
    response = create(owner_client, entry=entry, length=1000)
    assert response.status_code == 201
    upload = Upload.objects.get()
    assert response["Location"] == f"http://testserver/uploads/tus/{upload.pk}"
    assert (upload.entry, upload.length, upload.offset, upload.filename) == (
        entry,
        1000,
        0,
        "film.mp4",
    )
    assert partial_path(upload).stat().st_size == 0


def test_head_reports_offset(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload[:1000], offset=0)
    response = owner_client.head(url, **TUS)
    assert (response.status_code, response["Upload-Offset"], response["Upload-Length"]) == (
        200,
        "1000",
        str(len(payload)),
    )
    assert response["Cache-Control"] == "no-store"


def test_patch_completes_upload_into_current_video(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    first = patch(owner_client, url, payload[:100_000], offset=0)
    second = patch(owner_client, url, payload[100_000:], offset=100_000)
    assert (first.status_code, first["Upload-Offset"]) == (204, "100000")
    assert (second.status_code, second["Upload-Offset"]) == (204, str(len(payload)))
    video = Video.objects.get()
    assert (video.entry, video.is_current, video.status) == (entry, True, VideoStatus.UPLOADED)
    assert video.sha256 == hashlib.sha256(payload).hexdigest()
    with video.file.open("rb") as stored:
        assert stored.read() == payload
    upload = Upload.objects.get()
    assert (upload.video, upload.completed_at is not None) == (video, True)
    assert not partial_path(upload).exists()


def test_patch_with_wrong_offset_conflicts(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    response = patch(owner_client, url, payload[:10], offset=5)
    assert response.status_code == 409
    assert Upload.objects.get().offset == 0


def test_patch_with_checksum_mismatch_keeps_nothing(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    response = patch(
        owner_client,
        url,
        payload[:1000],
        offset=0,
        HTTP_UPLOAD_CHECKSUM=checksum(b"something else"),
    )
    assert response.status_code == 460
    upload = Upload.objects.get()
    assert (upload.offset, partial_path(upload).stat().st_size) == (0, 0)


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_patch_with_matching_checksum_is_kept(owner_client, entry, payload, algorithm):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    response = patch(
        owner_client,
        url,
        payload[:1000],
        offset=0,
        HTTP_UPLOAD_CHECKSUM=checksum(payload[:1000], algorithm),
    )
    assert (response.status_code, response["Upload-Offset"]) == (204, "1000")


def test_patch_with_unknown_checksum_algorithm_is_refused(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    response = patch(owner_client, url, payload[:1000], offset=0, HTTP_UPLOAD_CHECKSUM="md5 AAAA")
    assert response.status_code == 400


def test_termination_deletes_upload_and_file(
    owner_client, entry, payload, django_capture_on_commit_callbacks
):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload[:1000], offset=0)
    upload = Upload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(url, **TUS)
    assert response.status_code == 204
    assert Upload.objects.count() == 0
    assert not partial_path(upload).exists()
    assert owner_client.head(url, **TUS).status_code == 404


def test_creation_above_contest_limit_is_refused(owner_client, entry):
    entry.contest.max_upload_bytes = 1000
    entry.contest.save()
    response = create(owner_client, entry=entry, length=1001)
    assert response.status_code == 413
    assert Upload.objects.count() == 0


def test_patch_with_more_bytes_than_declared_is_refused(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=1000)["Location"]
    response = patch(owner_client, url, payload[:1001], offset=0)
    assert response.status_code == 413
    upload = Upload.objects.get()
    assert (upload.offset, partial_path(upload).stat().st_size) == (0, 0)


def test_patch_with_wrong_content_type_is_refused(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    response = owner_client.generic(
        "PATCH", url, payload[:10], content_type="application/json", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert response.status_code == 415


def test_request_without_tus_version_is_refused(owner_client, entry):
    response = owner_client.post(reverse("contest:tus-create"), HTTP_UPLOAD_LENGTH="10")
    assert (response.status_code, response["Tus-Version"]) == (412, "1.0.0")


def test_creation_with_refused_extension_explains(owner_client, entry):
    response = create(owner_client, entry=entry, length=1000, filename="film.avi")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_extension"
    assert "“film.avi”" in response.json()["message"]


def test_creation_into_other_users_entry_is_not_found(client, other_entrant, entry):
    client.force_login(other_entrant)
    assert create(client, entry=entry, length=1000).status_code == 404


@pytest.mark.parametrize("method", ["head", "patch", "delete"])
def test_other_users_upload_is_not_found(
    owner_client, client, other_entrant, entry, payload, method
):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    client.force_login(other_entrant)
    if method == "patch":
        response = patch(client, url, payload[:10], offset=0)
    else:
        response = getattr(client, method)(url, **TUS)
    assert response.status_code == 404
    assert Upload.objects.get().offset == 0


def test_anonymous_creation_is_refused(client, entry):
    assert create(client, entry=entry, length=1000).status_code == 401


def test_replacing_video_keeps_one_current(owner_client, entry, payload):
    for _ in range(2):
        url = create(owner_client, entry=entry, length=len(payload))["Location"]
        patch(owner_client, url, payload, offset=0)
    assert list(Video.objects.filter(entry=entry).values_list("is_current", flat=True)) == [
        True,
        False,
    ]


def test_replacing_video_of_eligible_entry_returns_it_to_review(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload, offset=0)
    entry.status = EntryStatus.ELIGIBLE
    entry.save()
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload, offset=0)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_session_patch_needs_csrf_token(entrant, entry, payload):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(entrant)
    browser.get("/")  # sets the CSRF cookie like any page would
    token = browser.cookies["csrftoken"].value
    url = create(browser, entry=entry, length=len(payload), HTTP_X_CSRFTOKEN=token)["Location"]
    refused = patch(browser, url, payload[:10], offset=0)
    accepted = patch(browser, url, payload[:10], offset=0, HTTP_X_CSRFTOKEN=token)
    assert (refused.status_code, accepted.status_code) == (403, 204)


def test_token_client_needs_no_csrf_token(entrant, entry, payload):
    api = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=entrant).key}"}
    url = create(api, entry=entry, length=len(payload), **auth)["Location"]
    assert patch(api, url, payload[:10], offset=0, **auth).status_code == 204


def test_only_the_metadata_keys_the_server_reads_are_kept_and_echoed(owner_client, entry):
    header = metadata(filename="film.mp4", entry=entry.pk, filetype="video/mp4",
                      tracker="x" * 2000, comment="hello")

    created = owner_client.post(reverse("contest:tus-create"), HTTP_UPLOAD_LENGTH="1000",
                                HTTP_UPLOAD_METADATA=header, **TUS)
    head = owner_client.head(created["Location"], **TUS)

    assert created.status_code == 201
    assert set(Upload.objects.get().metadata) == {"filename", "entry", "filetype"}
    assert "tracker" not in head["Upload-Metadata"] and len(head["Upload-Metadata"]) < 200


@pytest.mark.parametrize("header", [
    lambda entry: metadata(filename="film.mp4", entry=entry.pk, filetype="v" * 45_000),
    lambda entry: metadata(filename="f" * 2000 + ".mp4", entry=entry.pk),
])
def test_oversized_metadata_is_refused_before_anything_is_stored(owner_client, entry, header):
    response = owner_client.post(reverse("contest:tus-create"), HTTP_UPLOAD_LENGTH="1000",
                                 HTTP_UPLOAD_METADATA=header(entry), **TUS)

    assert response.status_code == 400
    assert Upload.objects.count() == 0


@pytest.mark.parametrize("name", ["film\x00.mp4", "film\u202e4pm.exe.mp4", "film\n.mp4"])
def test_file_names_with_control_characters_are_refused(owner_client, entry, name):
    response = create(owner_client, entry=entry, length=1000, filename=name)

    assert response.status_code == 400
    assert Upload.objects.count() == 0
