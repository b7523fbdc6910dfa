"""Who may open an entry's materials: the owner, the contest's team, the assigned jurors.

Each file is requested by the owner, another entrant, the assigned juror, a juror of the same
contest who is not assigned, an owner of the organisation and an anonymous visitor. Jurors
get checked files of valid materials only; documents always come as sandboxed downloads.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.services import add_role
from contest.enums import MaterialKind, MaterialStatus
from contest.models import EntryMaterial
from judging.models import Assignment
from tests.factories import EntryFactory, UserFactory
from tests.judging.factories import AwardFactory, JurorFactory, RoundFactory, add_rubric

ALLOWED = {"owner", "assigned_juror", "organiser"}


def _material(entry, kind, status=MaterialStatus.VALID, suffix="jpg"):
    return EntryMaterial.objects.create(
        entry=entry, kind=kind, status=status, original_filename=f"x.{suffix}",
        sha256="0" * 64, language="en" if kind == MaterialKind.SUBTITLE else "",
        file=default_storage.save(f"derived/m.{suffix}", ContentFile(b"data")),
        thumbnail=default_storage.save("derived/m.webp", ContentFile(b"thumb")))


@pytest.fixture
def world(contest, organiser):
    owner = UserFactory()
    add_role(user=owner, role=Role.ENTRANT)
    entry = EntryFactory(contest=contest, entrant=owner)
    round_ = RoundFactory(contest=contest)
    add_rubric(round_)
    people = {"owner": owner, "organiser": organiser, "anonymous": None}
    for name in ("assigned_juror", "unassigned_juror", "other_entrant"):
        people[name] = UserFactory()
        add_role(user=people[name], role=Role.ENTRANT if name == "other_entrant"
                 else Role.JUROR)
    seat = JurorFactory(contest=contest, user=people["assigned_juror"])
    JurorFactory(contest=contest, user=people["unassigned_juror"])
    Assignment.objects.create(round=round_, entry=entry, juror=seat)
    materials = {kind: _material(entry, kind, suffix=suffix) for kind, suffix in (
        (MaterialKind.STILL, "jpg"), (MaterialKind.POSTER, "jpg"),
        (MaterialKind.SUBTITLE, "vtt"), (MaterialKind.DOCUMENT, "pdf"))}
    return entry, people, materials


def _get(client, person, material, part="file"):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(reverse(f"contest:material-{part}",
                                  kwargs={"material_id": material.pk}))
    if response.streaming:
        b"".join(response.streaming_content)  # reading it to the end closes the file
    return response


@pytest.mark.parametrize("role", ["owner", "other_entrant", "assigned_juror",
                                  "unassigned_juror", "organiser", "anonymous"])
def test_material_files_open_only_to_owner_team_and_assigned_juror(client, world, role):
    _entry, people, materials = world
    answers = {(kind, part): _get(client, people[role], material, part).status_code
               for kind, material in materials.items() for part in ("file", "thumbnail")}
    expected = 200 if role in ALLOWED else 404
    assert answers == {key: expected for key in answers}


def test_material_not_yet_valid_hidden_from_assigned_juror(client, world):
    entry, people, _materials = world
    pending = _material(entry, MaterialKind.STILL, status=MaterialStatus.REFUSED)
    assert (_get(client, people["assigned_juror"], pending).status_code,
            _get(client, people["owner"], pending).status_code) == (404, 200)


def test_material_document_served_as_sandboxed_download(client, world):
    entry, people, materials = world
    response = _get(client, people["assigned_juror"], materials[MaterialKind.DOCUMENT])
    assert (response["Content-Disposition"], response["Content-Security-Policy"],
            response["X-Content-Type-Options"], response["Content-Type"]) == (
        f'attachment; filename="{entry.code}-{materials[MaterialKind.DOCUMENT].pk}.pdf"',
        "default-src 'none'; sandbox", "nosniff", "application/pdf")


def test_material_subtitles_served_as_webvtt(client, world):
    _entry, people, materials = world
    response = _get(client, people["assigned_juror"], materials[MaterialKind.SUBTITLE])
    assert response["Content-Type"] == "text/vtt; charset=utf-8"


def test_material_poster_of_published_winner_public(client, world, contest):
    entry, people, materials = world
    assert _get(client, None, materials[MaterialKind.POSTER]).status_code == 404
    award = AwardFactory(contest=contest, places=1)
    award.placements.create(entry=entry, place=1)
    contest.results_published_at = timezone.now()
    contest.save()
    assert (_get(client, None, materials[MaterialKind.POSTER]).status_code,
            _get(client, None, materials[MaterialKind.STILL]).status_code) == (200, 404)


def test_winners_page_shows_entrant_poster_thumbnail(client, world, contest):
    entry, _people, materials = world
    award = AwardFactory(contest=contest, places=1)
    award.placements.create(entry=entry, place=1)
    contest.results_published_at = timezone.now()
    contest.save()
    html = client.get(reverse("winners", kwargs={"slug": contest.slug})).content.decode()
    poster = materials[MaterialKind.POSTER].pk
    assert f'src="/media/materials/{poster}/thumbnail"' in html
