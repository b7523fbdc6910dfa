"""Media URLs: who may fetch a video's original, poster and preview, and HTTP Range."""

import os

import pytest
import requests
from django.core.files.base import ContentFile
from django.urls import reverse

from contest.models import Video
from core.http_range import RangeNotSatisfiable, parse_range
from tests.factories import EntryFactory
from tests.judging.factories import AssignmentFactory, JurorFactory, RoundFactory

pytestmark = pytest.mark.django_db

KINDS = ["original", "poster", "preview"]
FILM = os.urandom(200_000)


def _url(video, kind):
    return reverse(f"contest:video-{kind}", args=[video.pk])


@pytest.fixture
def video(entry):
    video = Video(entry=entry, original_filename="My Film.MOV", size_bytes=len(FILM))
    video.file.save("film.bin", ContentFile(FILM), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8poster"), save=False)
    video.preview.save("preview.mp4", ContentFile(b"preview bytes"), save=False)
    video.save()
    return video


@pytest.fixture
def assigned_juror(juror_user, entry):
    round_ = RoundFactory(contest=entry.contest)
    AssignmentFactory(round=round_, entry=entry,
                      juror=JurorFactory(contest=entry.contest, user=juror_user))
    return juror_user


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("entrant", 200), ("other_entrant", 404), ("organiser", 200),
     ("juror_user", 404), ("assigned_juror", 200)],
)
def test_media_url_permissions(client, request, video, kind, who, status):
    if who == "assigned_juror" and kind == "original":
        status = 404  # jurors judge blind: the entrant's own file keeps its metadata
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(_url(video, kind))
    assert response.status_code == status
    if status == 200:
        b"".join(response.streaming_content)


def test_juror_cannot_fetch_replaced_video(client, assigned_juror, video, entry):
    Video.objects.filter(pk=video.pk).update(is_current=False)
    client.force_login(assigned_juror)
    assert client.get(_url(video, "preview")).status_code == 404


def test_assigned_juror_never_gets_the_original_nor_a_link_to_it(client, assigned_juror,
                                                                   video, entry):
    from judging.selectors.juror import video_urls

    client.force_login(assigned_juror)

    assert client.get(_url(video, "original")).status_code == 404
    preview = client.get(_url(video, "preview"))
    assert preview.status_code == 200
    b"".join(preview.streaming_content)  # closes the file
    without_preview = Video(pk=video.pk, status=video.status, poster=video.poster, preview="")
    assert video_urls(without_preview)["preview"] is None


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("original", "video/quicktime"), ("poster", "image/jpeg"), ("preview", "video/mp4")],
)
def test_media_content_type(client, entrant, video, kind, content_type):
    client.force_login(entrant)
    response = client.get(_url(video, kind))
    assert (response["Content-Type"], response["Accept-Ranges"]) == (content_type, "bytes")
    b"".join(response.streaming_content)


def test_media_without_derived_file_is_not_found(client, entrant, entry):
    video = Video.objects.create(entry=entry, file="videos/x.bin", original_filename="f.mp4")
    client.force_login(entrant)
    assert client.get(_url(video, "poster")).status_code == 404


def test_original_whole_file(client, entrant, video):
    client.force_login(entrant)
    response = client.get(_url(video, "original"))
    assert (response.status_code, response["Content-Length"]) == (200, str(len(FILM)))
    assert b"".join(response.streaming_content) == FILM


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=150000-", 150000, len(FILM) - 1),
     ("bytes=-1000", len(FILM) - 1000, len(FILM) - 1), ("bytes=199990-300000", 199990, 199999)],
)
def test_original_range_request(client, entrant, video, header, first, last):
    client.force_login(entrant)
    response = client.get(_url(video, "original"), HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(FILM)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert b"".join(response.streaming_content) == FILM[first:last + 1]


def test_player_can_seek_repeatedly(client, entrant, video):
    client.force_login(entrant)
    pieces = []
    for first in (100_000, 0, 50_000, 199_000):
        response = client.get(_url(video, "original"), HTTP_RANGE=f"bytes={first}-{first + 999}")
        pieces.append(b"".join(response.streaming_content))
    assert pieces == [FILM[f:f + 1000] for f in (100_000, 0, 50_000, 199_000)]


def test_range_beyond_end_is_not_satisfiable(client, entrant, video):
    client.force_login(entrant)
    response = client.get(_url(video, "original"), HTTP_RANGE=f"bytes={len(FILM)}-")
    assert (response.status_code, response["Content-Range"]) == (416, f"bytes */{len(FILM)}")


def test_x_accel_delivery_hands_file_to_nginx(client, entrant, video, settings):
    settings.MARQUEE_MEDIA_DELIVERY = "x-accel"
    client.force_login(entrant)
    response = client.get(_url(video, "original"), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 200  # nginx answers the Range itself
    assert response["X-Accel-Redirect"] == f"/protected-media/{video.file.name}"
    assert (response["Content-Type"], response.content) == ("video/quicktime", b"")


def test_x_accel_delivery_still_checks_permission(client, other_entrant, video, settings):
    settings.MARQUEE_MEDIA_DELIVERY = "x-accel"
    client.force_login(other_entrant)
    response = client.get(_url(video, "original"))
    assert (response.status_code, response.has_header("X-Accel-Redirect")) == (404, False)


@pytest.mark.integration
def test_s3_storage_redirects_to_signed_url(client, entrant, s3_bucket):
    entry = EntryFactory(entrant=entrant)
    video = Video(entry=entry, original_filename="film.webm")
    video.file.save("film.bin", ContentFile(FILM), save=False)
    video.save()
    client.force_login(entrant)
    response = client.get(_url(video, "original"))
    assert response.status_code == 302
    assert "Signature=" in response["Location"] or "X-Amz-Signature=" in response["Location"]
    fetched = requests.get(response["Location"], headers={"Range": "bytes=10-19"}, timeout=10)
    assert (fetched.status_code, fetched.content) == (206, FILM[10:20])
    assert fetched.headers["Content-Type"] == "video/webm"


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, None), ("bytes=0-0", (0, 0)), ("bytes=5-2", None), ("items=0-5", None),
     ("bytes=0-1,4-5", None), ("bytes=-", None), ("bytes=-20", (0, 9))],
)
def test_parse_range(header, expected):
    assert parse_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0"])
def test_parse_range_not_satisfiable(header):
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, 10)
