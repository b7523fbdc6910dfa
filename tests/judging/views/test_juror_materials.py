"""The juror's score page with the entry's materials: blind, and constant in queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from contest.services.materials import upload_material
from tests import material_samples as samples
from tests.factories import VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def add(django_capture_on_commit_callbacks):
    def run(entry, kind, data, name, language=""):
        with django_capture_on_commit_callbacks(execute=True):
            material = upload_material(entry=entry, by=entry.entrant, kind=kind, language=language,
                                       upload=SimpleUploadedFile(name, data))
        material.refresh_from_db()
        return material

    return run


def _score_url(assignment):
    return reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def test_score_page_shows_checked_materials_juror_languages_first(client, juror_user, seat,
                                                                  make_assignments, add):
    seat.languages = ["fr", "en"]
    seat.save()
    (assignment,) = make_assignments(1)
    entry = assignment.entry
    VideoFactory(entry=entry, preview="derived/preview.mp4")
    poster = add(entry, "poster", samples.image("JPEG", exif_author="Jane Doe"), "JaneDoe.jpg")
    add(entry, "still", samples.image("PNG"), "jane-still.png")
    add(entry, "subtitle", samples.srt(3), "jane.de.srt", language="de")
    add(entry, "subtitle", samples.srt(3), "jane.en.srt", language="en")
    add(entry, "subtitle", samples.srt(3), "jane.fr.srt", language="fr")
    add(entry, "still", samples.SVG, "refused.png")
    client.force_login(juror_user)
    html = client.get(_score_url(assignment)).content.decode()
    tracks = [line.split('srclang="')[1][:2] for line in html.splitlines() if "<track" in line]
    assert tracks == ["fr", "en", "de"]
    assert html.count(" default>") == 1
    assert f'poster="/media/materials/{poster.pk}/file"' in html
    assert html.count('class="still-list"') == 1
    assert html.count("/thumbnail") == 1  # the refused still is not shown
    for hidden in ("JaneDoe", "jane", "refused.png", entry.entrant.email):
        assert hidden not in html


def test_juror_fetches_stripped_still_only_of_assigned_entry(client, juror_user, contest,
                                                            make_assignments, add):
    from tests.judging.factories import JurorFactory

    mine, theirs = make_assignments(1)[0], make_assignments(
        1, juror=JurorFactory(contest=contest))[0]
    still = add(mine.entry, "still", samples.image("JPEG", exif_author="Jane Doe", gps=True),
                "x.jpg")
    other = add(theirs.entry, "still", samples.image("JPEG"), "y.jpg")
    client.force_login(juror_user)
    response = client.get(reverse("contest:material-file", kwargs={"material_id": still.pk}))
    body = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    assert response.status_code == 200
    with Image.open(__import__("io").BytesIO(body)) as picture:
        assert dict(picture.getexif()) == {}
    assert b"Jane Doe" not in body
    assert client.get(reverse("contest:material-file", kwargs={"material_id": other.pk})
                      ).status_code == 404


def _queries(client, assignment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_score_url(assignment)).status_code == 200
    return len(queries)


def test_score_page_query_count_constant_in_materials(client, juror_user, make_assignments, add):
    (assignment,) = make_assignments(1)
    entry = assignment.entry
    client.force_login(juror_user)
    add(entry, "poster", samples.image(), "p.jpg")
    one = _queries(client, assignment)
    for _ in range(5):
        add(entry, "still", samples.image(), "s.jpg")
    for language in ("en", "fr", "de", "es"):
        add(entry, "subtitle", samples.srt(2), "s.srt", language=language)
    ten = _queries(client, assignment)
    # Session, user, roles, two-factor seats, memberships; the assignment with its round,
    # entry, category, score and juror, then its criteria, current video and checked
    # materials (one prefetch each), the neighbours, the refusal check and the contest's
    # questions (for juror-visible answers): the materials are one query whatever their number.
    assert (one, ten) == (13, 13)


def test_juror_api_detail_lists_checked_materials_blind(juror_user, make_assignments, add):
    from rest_framework.test import APIClient

    (assignment,) = make_assignments(1)
    poster = add(assignment.entry, "poster", samples.image(exif_author="Jane Doe"), "Jane.jpg")
    document = add(assignment.entry, "document", samples.plain_pdf(author="Jane Doe"),
                   "Jane Doe press kit.pdf")
    api = APIClient()
    api.force_authenticate(juror_user)
    response = api.get(reverse("api:juror-assignment-detail", kwargs={"pk": assignment.pk}))
    assert response.json()["entry"]["materials"] == {
        "poster": f"/media/materials/{poster.pk}/file", "stills": [], "subtitles": [],
        "documents": [f"/media/materials/{document.pk}/file"]}
    assert "Jane" not in response.content.decode()
