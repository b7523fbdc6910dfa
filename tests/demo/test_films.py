"""The demo's films are real: probed, played through the juror's page, shown as posters."""

import json
import re
import subprocess
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.services import delete_account
from contest.enums import MaterialKind, VideoStatus
from contest.models import EntryMaterial, Video
from demo import contests as demo
from demo import films
from demo.subtitles import webvtt
from judging.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def demo_with_films():
    call_command("load_demo", "--entries", "60", stdout=StringIO())


def _probe(name: str, *extra: str) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", *extra, "-show_streams", "-show_format",
                          "-of", "json", default_storage.path(name)],
                         capture_output=True, check=True).stdout
    return json.loads(out)


def _stored_films() -> dict[str, tuple[str, str, str]]:
    rows = Video.objects.filter(status=VideoStatus.VALID).values_list("file", "poster", "preview")
    return {file: (file, poster, preview) for file, poster, preview in rows.distinct()}


def test_demo_films_are_real_films_with_their_own_picture_and_sound(demo_with_films):
    stored = _stored_films()
    assert len(stored) == len(films.FILMS)
    pictures, sounds = set(), set()
    for file, poster, preview in stored.values():
        source = _probe(file)
        video, audio = source["streams"]
        assert (video["codec_name"], video["width"], video["height"]) == ("h264", 1920, 1080)
        assert audio["codec_name"] == "aac"
        assert float(source["format"]["duration"]) == pytest.approx(films.SECONDS, abs=0.1)
        made = _probe(preview)["streams"]
        assert [(s["codec_name"], s.get("height")) for s in made] == [("h264", 720),
                                                                     ("aac", None)]
        assert _probe(poster)["streams"][0]["codec_name"] == "mjpeg"
        with default_storage.open(poster) as handle:
            pictures.add(handle.read())
        sounds.add(_audio_fingerprint(file))
    assert len(pictures) == len(sounds) == len(films.FILMS)


def _audio_fingerprint(name: str) -> bytes:
    """A second of the sound, decoded: different tones or noise give different samples."""
    return subprocess.run(["ffmpeg", "-v", "error", "-i", default_storage.path(name),
                           "-map", "0:a", "-t", "1", "-ac", "1", "-ar", "8000", "-f", "s16le",
                           "-"], capture_output=True, check=True).stdout


def test_demo_entries_share_the_stored_files(demo_with_films):
    valid = Video.objects.filter(status=VideoStatus.VALID)
    assert valid.count() > len(films.FILMS)
    assert valid.values("preview").distinct().count() == len(films.FILMS)
    assert not valid.filter(preview="").exists()
    folder = valid.first().preview.name.rsplit("/", 1)[0]
    assert len(default_storage.listdir(folder)[1]) == 4 * len(films.FILMS)


def test_demo_laureates_have_their_own_films(demo_with_films):
    laureates = Video.objects.filter(entry__contest__slug=demo.PAST_SLUG,
                                     entry__title_english__in=films.LAUREATE_FILMS)
    names = {video.entry.title_english: video.file.name for video in laureates}
    assert {title: name.rsplit("/", 1)[1] for title, name in names.items()} == {
        title: f"{key}-film.mp4" for title, key in films.LAUREATE_FILMS.items()}
    others = Video.objects.exclude(pk__in=laureates).values_list("file", flat=True)
    assert not set(names.values()) & set(others)


def test_demo_juror_score_page_preview_plays(demo_with_films, client):
    juror = User.objects.get(email="juror1@marquee.test")
    assignment = Assignment.objects.filter(juror__user=juror, round__contest__slug=demo.SLUG,
                                           entry__status="eligible").first()
    client.force_login(juror)
    page = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    body = page.content.decode()
    preview = re.search(r'<video[^>]* src="([^"]+)"', body).group(1)
    poster = re.search(r'<video[^>]* poster="([^"]+)"', body).group(1)

    ranged = client.get(preview, HTTP_RANGE="bytes=0-1023")
    assert (ranged.status_code, ranged["Content-Type"], ranged["Content-Length"]) == (
        206, "video/mp4", "1024")
    head = b"".join(ranged.streaming_content)
    assert head[4:8] == b"ftyp" and b"moov" in head  # faststart: the index comes first
    image = client.get(poster)
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"
    assert "media-src 'self'" in page["Content-Security-Policy"]


def test_demo_winners_page_shows_the_laureates_posters(demo_with_films, client):
    page = client.get(reverse("winners", args=[demo.PAST_SLUG]))
    posters = re.findall(r'<img class="poster" src="([^"]+)"', page.content.decode())
    assert len(posters) >= 3
    for url in posters:
        image = client.get(url)
        assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
        assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"


def test_demo_subtitles_are_webvtt_that_ffmpeg_reads(demo_with_films):
    name = Video.objects.filter(status=VideoStatus.VALID).first().file.name.replace(
        "-film.mp4", "-en.vtt")
    cues = _probe(name, "-f", "webvtt", "-count_packets")["streams"][0]
    key = name.rsplit("/", 1)[1].removesuffix("-en.vtt")
    lines = next(film.lines for film in films.FILMS if film.key == key)
    assert int(cues["nb_read_packets"]) == len(lines)


def test_webvtt_cues_are_ordered_and_inside_the_film():
    text = webvtt(("One.", "Two.", "Three."), seconds=10)
    times = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)", text)
    spans = [(int(a) * 3600 + int(b) * 60 + int(c) + int(d) / 1000,
              int(e) * 3600 + int(f) * 60 + int(g) + int(h) / 1000)
             for a, b, c, d, e, f, g, h in times]
    assert text.startswith("WEBVTT\n\n")
    assert len(spans) == 3
    assert all(0 <= start < end <= 10 for start, end in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(2))


def test_demo_juror_score_page_offers_the_films_english_subtitles(demo_with_films, client):
    juror = User.objects.get(email="juror1@marquee.test")
    assignment = Assignment.objects.filter(juror__user=juror, round__contest__slug=demo.SLUG,
                                           entry__status="eligible").first()
    client.force_login(juror)
    page = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    tracks = re.findall(r'<track kind="subtitles" src="([^"]+)" srclang="([^"]+)"',
                        page.content.decode())
    assert [language for _url, language in tracks] == ["en"]
    served = client.get(tracks[0][0])
    assert (served.status_code, served["Content-Type"].split(";")[0]) == (200, "text/vtt")
    text = b"".join(served.streaming_content).decode() if served.streaming else (
        served.content.decode())
    key = assignment.entry.materials.get(kind=MaterialKind.SUBTITLE).file.name.rsplit(
        "/", 1)[1].removesuffix("-en.vtt")
    first_line = next(film.lines for film in films.FILMS if film.key == key)[0]
    assert text.startswith("WEBVTT") and first_line in text


def test_forgetting_a_demo_entrant_keeps_the_subtitles_other_entries_share(
        demo_with_films, django_capture_on_commit_callbacks):
    # Someone with no entry in the past edition, whose awarded films erasure would refuse.
    material = EntryMaterial.objects.filter(
        kind=MaterialKind.SUBTITLE, entry__contest__slug=demo.SLUG).exclude(
        entry__entrant__entries__contest__slug=demo.PAST_SLUG).first()
    shared = material.file.name
    assert EntryMaterial.objects.filter(file=shared).count() > 1
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=material.entry.entrant, by=None)
    assert not EntryMaterial.objects.filter(pk=material.pk).exists()
    assert default_storage.exists(shared)
