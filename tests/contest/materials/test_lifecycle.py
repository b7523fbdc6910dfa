"""Materials follow their entry: erasure, the data export and retention cover them."""

from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.services import delete_account
from contest.enums import EntryStatus
from contest.models import EntryMaterial
from contest.services.retention import apply_retention
from tests import material_samples as samples
from tests.data_exports import build_export
from tests.factories import ContestFactory, EntryFactory


def _stored(material) -> list[str]:
    return [f.name for f in (material.upload, material.file, material.thumbnail) if f.name]


def test_delete_account_deletes_materials_and_their_files(draft, add_material,
                                                          django_capture_on_commit_callbacks):
    still = add_material(draft, "still", samples.image())
    pending = add_material(draft, "poster", samples.image(), check=False)
    names = _stored(still) + _stored(pending)
    assert len(names) == 3
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=draft.entrant)
    assert (EntryMaterial.objects.count(), [default_storage.exists(n) for n in names]) == (
        0, [False, False, False])


def test_data_export_lists_and_copies_materials(draft, add_material):
    data = samples.srt(3)
    material = add_material(draft, "subtitle", data, "film.en.srt", language="en")
    archive = build_export(draft.entrant)
    [record] = archive.records("contest.entries", "entry")
    [listed] = record["materials"]
    path = f"files/entries/{draft.pk}/materials/{material.pk}/file.vtt"
    assert (listed["kind"], listed["language"], listed["original_filename"],
            listed["files"]) == ("subtitle", "en", "film.en.srt", {"file": path})
    with default_storage.open(material.file.name) as stored:
        assert archive.members[path] == stored.read()


def test_retention_purges_draft_materials(entrant, django_capture_on_commit_callbacks):
    closed = datetime(2021, 3, 1, 12, 0, tzinfo=UTC)
    contest = ContestFactory(opens_at=closed - timedelta(days=60), closes_at=closed,
                             purge_after_days=30, anonymise_after_years=2)
    draft = EntryFactory(contest=contest, entrant=entrant, status=EntryStatus.DRAFT)
    kept = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED, submitted_at=closed)
    doomed = _stored_still(draft)
    staying = _stored_still(kept)
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(now=closed + timedelta(days=31))
    assert (list(EntryMaterial.objects.values_list("pk", flat=True)),
            default_storage.exists(doomed[1]), default_storage.exists(staying[1])) == (
        [staying[0]], False, True)


def _stored_still(entry):
    """A still stored on an entry whose contest has closed (the service would refuse it)."""
    material = EntryMaterial(entry=entry, kind="still", original_filename="s.jpg",
                             sha256="0" * 64, status="valid")
    material.file.save("s.jpg", ContentFile(samples.image()), save=False)
    material.save()
    return material.pk, material.file.name
